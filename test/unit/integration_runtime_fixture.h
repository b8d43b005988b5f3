#pragma once
// An IntegrationRuntime built from its seams alone, for integration_runtime*_test.cpp: a one-
// manifest catalog, a Configuration parsed from YAML text, an environment that counts its reads,
// an HttpClient that answers from a script and records every request, and a clock moved by hand.
#include <gtest/gtest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/common/clock.h"
#include "lib/config/configuration.h"
#include "lib/config/environment.h"
#include "lib/http/http_client.h"
#include "lib/http/redactor.h"
#include "lib/integrations/catalog.h"
#include "lib/integrations/integration_runtime.h"

namespace kosmo::integrations::runtime_test {

// `demo`: a header-auth API with a read, a write, a POST read and a raw download, and its own
// error format.
inline constexpr const char kDemoManifest[] = R"({
  "name": "demo", "label": "Demo", "base_url": "https://api.demo.test/v1",
  "timeout_seconds": 20,
  "auth": {"scheme": "header", "header": "X-Demo-Key", "credential": "api_key"},
  "credentials": [{"key": "api_key", "secret": true}],
  "errors": {"http": "Demo said {status} at {path}: {message}",
             "message_fields": ["error.message"]},
  "functions": [
    {"name": "get_item", "operation": "read", "description": "Get an item.",
     "path": "/items/{id}",
     "parameters": [{"name": "id", "required": true, "in": "path"},
                    {"name": "expand", "type": "boolean"}]},
    {"name": "create_item", "operation": "write", "method": "POST",
     "description": "Create an item.", "path": "/items",
     "parameters": [{"name": "title", "required": true}]},
    {"name": "search_items", "operation": "read", "method": "POST", "read_despite_method": true,
     "description": "Search items.", "path": "/items/search",
     "parameters": [{"name": "q"}]},
    {"name": "download", "operation": "read", "description": "A file's bytes.",
     "path": "/files/{id}", "response": "raw",
     "parameters": [{"name": "id", "required": true, "in": "path"}]}
  ]})";

// The default account's key, as KOSMO_DEMO_API_KEY supplies it unless a test says otherwise.
inline constexpr const char kEnvKey[] = "env-key-0001";

// A MapEnvironment that counts how often it is read.
class CountingEnvironment final : public config::Environment {
 public:
  std::optional<std::string> get(std::string_view name) const override {
    ++reads;
    return variables.get(name);
  }
  std::vector<std::string> names_with_prefix(std::string_view prefix) const override {
    ++reads;
    return variables.names_with_prefix(prefix);
  }

  config::MapEnvironment variables;
  mutable int reads = 0;
};

// Records every request; answers from `script` in order, then with 200 "{}".
class ScriptedHttpClient final : public http::HttpClient {
 public:
  http::HttpResult send(const http::HttpRequest& request) override {
    requests.push_back(request);
    if (script.empty()) return answer(200, "{}");
    http::HttpResult next = std::move(script.front());
    script.pop_front();
    return next;
  }

  static http::HttpResult answer(int status, std::string body) {
    http::HttpResult result;
    result.transport_ok = true;
    result.response.status = status;
    result.response.headers = {{"content-type", "application/json"}};
    result.response.body = std::move(body);
    return result;
  }

  std::vector<http::HttpRequest> requests;
  std::deque<http::HttpResult> script;
};

class ManualClock final : public Clock {
 public:
  double now() const override { return now_; }
  void advance(double seconds) { now_ += seconds; }

 private:
  double now_ = 1000;
};

inline Outcome<Catalog> demo_catalog() {
  Outcome<Manifest> demo = parse_manifest(kDemoManifest, "demo.json");
  if (!demo) ADD_FAILURE() << demo.error().message;
  std::vector<Manifest> manifests;
  manifests.push_back(std::move(demo).value());
  return Catalog::from(std::move(manifests));
}

inline std::string json_text(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
}

// The value of header `name` in `request` (exact name), or nullopt.
inline std::optional<std::string> header(const http::HttpRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (key == name) return value;
  }
  return std::nullopt;
}

class IntegrationRuntimeTest : public ::testing::Test {
 protected:
  IntegrationRuntimeTest() { env_.variables.set("KOSMO_DEMO_API_KEY", kEnvKey); }

  // The configuration the runtime gets; call before the first call(). Without it: empty.
  void configure(std::string_view user_yaml,
                 std::optional<std::string_view> project_yaml = std::nullopt) {
    std::optional<config::KosmoConfig> project;
    if (project_yaml) project = config::KosmoConfig::parse(*project_yaml, "project.yaml");
    config_.emplace(config::KosmoConfig::parse(user_yaml, "user.yaml"), std::move(project), env_);
  }

  // Calls app.integrations.<dotted_path> with named arguments given as JSON. The runtime is made
  // on the first call, from the options and configuration set up to then, and kept: a test's
  // calls share one run.
  lua::CallOutcome call(std::string_view dotted_path, const char* named_json = "{}") {
    if (!runtime_) {
      if (!config_) configure("");
      RuntimeSources sources;
      sources.catalog = [this]() -> const Outcome<Catalog>& { return catalog_; };
      sources.config = &*config_;
      sources.http = &http_;
      sources.redactor = &redactor_;
      runtime_ = std::make_unique<IntegrationRuntime>(std::move(sources), options_);
    }
    lua::CallRequest request;
    request.path = {"integrations"};
    for (size_t start = 0; start <= dotted_path.size();) {
      const size_t dot = std::min(dotted_path.find('.', start), dotted_path.size());
      request.path.emplace_back(dotted_path.substr(start, dot - start));
      start = dot + 1;
    }
    request.has_named = true;
    request.named.Parse(named_json);
    EXPECT_FALSE(request.named.HasParseError()) << named_json;
    return runtime_->call(request);
  }

  // The next answer the vendor gives.
  void answer(int status, std::string body) {
    http_.script.push_back(ScriptedHttpClient::answer(status, std::move(body)));
  }
  void answer(http::HttpResult result) { http_.script.push_back(std::move(result)); }

  const std::vector<http::HttpRequest>& sent() const { return http_.requests; }

  CountingEnvironment env_;
  ManualClock clock_;
  RuntimeOptions options_;
  Outcome<Catalog> catalog_ = demo_catalog();
  std::optional<config::Configuration> config_;
  ScriptedHttpClient http_;
  http::Redactor redactor_;
  std::unique_ptr<IntegrationRuntime> runtime_;
};

}  // namespace kosmo::integrations::runtime_test
