#pragma once
// An McpRuntime built from its seams alone, for mcp_runtime*_test.cpp: servers configured by
// hand, a Configuration parsed from YAML text, and a transport opener that hands out scripted
// in-memory servers instead of starting processes. Every server records what it was sent and
// can be told to fail a method with any McpFailure.
#include <gtest/gtest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lib/common/clock.h"
#include "lib/common/deadline.h"
#include "lib/common/run_flags.h"
#include "lib/config/configuration.h"
#include "lib/config/environment.h"
#include "lib/http/redactor.h"
#include "lib/lua/dispatcher.h"
#include "lib/lua/mcp_library.h"
#include "lib/mcp/mcp_runtime.h"
#include "lib/mcp/transport.h"

namespace kosmo::mcp::runtime_test {

// read_file and list-dir declare themselves reads; write_file has no annotations: a write.
inline constexpr const char kFsTools[] = R"([
  {"name": "read_file", "description": "Read a file.", "annotations": {"readOnlyHint": true},
   "inputSchema": {"type": "object", "properties": {"path": {"type": "string"},
                   "options": {"type": "object"}, "tags": {"type": "array"}}}},
  {"name": "write_file", "description": "Write a file.",
   "inputSchema": {"type": "object", "properties": {"path": {"type": "string"},
                   "content": {"type": "string"}}}},
  {"name": "list-dir", "annotations": {"readOnlyHint": true}}
])";

inline std::string json_text(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
}

// `text` reformatted compactly, so expectations can be written readably.
inline std::string compact(const std::string& text) {
  rapidjson::Document document;
  document.Parse(text.c_str());
  EXPECT_FALSE(document.HasParseError()) << text;
  return json_text(document);
}

// One server's side of the conversation. Outlives its transports (the sessions own those).
struct ScriptedServer {
  std::string initialize_result = R"({"protocolVersion":"2025-11-25","capabilities":{"tools":{}},)"
                                  R"("serverInfo":{"name":"scripted","version":"1"}})";
  std::string tools = kFsTools;  // the tools/list array
  // tools/call results by tool name; other tools answer with one text block "ok".
  std::map<std::string, std::string> results;
  std::string resources = "[]";
  std::string prompts = "[]";
  // Failures by method, each used for one request, in order; the request is still recorded.
  std::map<std::string, std::deque<McpFailure>> failures;

  std::vector<std::string> sent;     // every message, notifications included
  std::vector<std::string> methods;  // the method of every request, in order
  std::vector<double> timeouts;      // the timeout each request was given
  int closes = 0;

  int count(const std::string& method) const {
    int n = 0;
    for (const std::string& sent_method : methods) n += sent_method == method ? 1 : 0;
    return n;
  }
  // The params of the last request of `method`, as compact JSON ("" when there was none).
  std::string last_params(const std::string& method) const {
    for (auto it = sent.rbegin(); it != sent.rend(); ++it) {
      rapidjson::Document message;
      message.Parse(it->c_str());
      if (message.HasMember("method") && message["method"] == method.c_str() &&
          message.HasMember("id")) {
        return message.HasMember("params") ? json_text(message["params"]) : "";
      }
    }
    return "";
  }

  std::string result_for(const std::string& method, const rapidjson::Value& params) const {
    if (method == "initialize") return initialize_result;
    if (method == "tools/list") return R"({"tools":)" + tools + "}";
    if (method == "resources/list") return R"({"resources":)" + resources + "}";
    if (method == "prompts/list") return R"({"prompts":)" + prompts + "}";
    if (method == "tools/call") {
      auto found = results.find(params["name"].GetString());
      if (found != results.end()) return found->second;
      return R"({"content":[{"type":"text","text":"ok"}]})";
    }
    return "{}";
  }
};

// The JSON-RPC side of a ScriptedServer: one response per request, with the request's id.
class ScriptedTransport final : public Transport {
 public:
  explicit ScriptedTransport(ScriptedServer& server) : server_(server) {}

  McpOutcome<rapidjson::Document> round_trip(const OutgoingRequest& request,
                                             double timeout_s) override {
    server_.sent.push_back(request.text);
    server_.methods.push_back(request.method);
    server_.timeouts.push_back(timeout_s);
    auto queued = server_.failures.find(request.method);
    if (queued != server_.failures.end() && !queued->second.empty()) {
      McpFailure failure = std::move(queued->second.front());
      queued->second.pop_front();
      return failure;
    }
    rapidjson::Document message;
    message.Parse(request.text.c_str());
    static const rapidjson::Value kNoParams(rapidjson::kObjectType);
    const rapidjson::Value& params = message.HasMember("params") ? message["params"] : kNoParams;
    rapidjson::Document response;
    response.Parse((R"({"jsonrpc":"2.0","id":)" + std::to_string(request.id) + R"(,"result":)" +
                    server_.result_for(request.method, params) + "}")
                       .c_str());
    EXPECT_FALSE(response.HasParseError()) << "bad scripted result for " << request.method;
    return response;
  }
  McpCheck notify(const std::string& text, double) override {
    server_.sent.push_back(text);
    return std::nullopt;
  }
  void close() noexcept override { ++server_.closes; }

 private:
  ScriptedServer& server_;
};

class ManualClock final : public Clock {
 public:
  double now() const override { return now_; }
  void advance(double seconds) { now_ += seconds; }

 private:
  double now_ = 1000;
};

// A user's stdio entry: no trust needed.
inline ServerConfig stdio_server(const std::string& name) {
  ServerConfig server;
  server.name = name;
  server.command = name + "-server";
  server.args = {"--root", "/data"};
  server.transport = transport_for("stdio", false);
  server.source_file = "/home/user/.kosmo/mcp.json";
  server.source_label = "global";
  return server;
}

// An entry of the project's .mcp.json: it starts only once the user has trusted it.
inline ServerConfig project_server(const std::string& name) {
  ServerConfig server = stdio_server(name);
  server.from_project = true;
  server.source_file = "/repo/.mcp.json";
  server.source_label = "project";
  return server;
}

// A user's HTTP entry whose Authorization header takes its token from the environment.
inline ServerConfig remote_server() {
  ServerConfig remote;
  remote.name = "remote";
  remote.transport = transport_for("http", true);
  remote.url = "https://mcp.example.test/mcp";
  remote.headers = {{"Authorization", "Bearer ${TOKEN}"}};
  remote.source_file = "/home/user/.kosmo/mcp.json";
  return remote;
}

class McpRuntimeTest : public ::testing::Test {
 protected:
  McpRuntimeTest() { servers.servers.push_back(stdio_server("fs")); }

  // Built on first use from the fields below; they are fixed from then on.
  McpRuntime& runtime() {
    if (!runtime_) {
      if (!configuration) {
        std::optional<config::KosmoConfig> project;
        if (project_yaml) project = config::KosmoConfig::parse(*project_yaml, "project.yaml");
        configuration.emplace(config::KosmoConfig::parse(user_yaml, "user.yaml"),
                              std::move(project), env);
      }
      McpRuntimeSources sources;
      sources.servers = servers;
      sources.config = &*configuration;
      sources.redactor = &redactor;
      sources.open_transport = [this](const ServerConfig& expanded) {
        opened.push_back(expanded);
        return McpOutcome<std::unique_ptr<Transport>>(
            std::make_unique<ScriptedTransport>(peers[expanded.name]));
      };
      runtime_ =
          std::make_unique<McpRuntime>(std::move(sources), McpRuntimeOptions{flags, deadline});
    }
    return *runtime_;
  }
  // Ends the runtime, closing its sessions.
  void end_runtime() { runtime_.reset(); }

  // app.mcp.<server>.<tool>(named)
  lua::CallOutcome call(const std::string& server, const std::string& tool,
                        const std::string& named = "{}") {
    lua::CallRequest request;
    request.path = {"mcp", server, tool};
    request.has_named = true;
    request.named.Parse(named.c_str());
    return runtime().call(request);
  }
  // app.mcp.<server>.<tool>(...) with positional arguments (a JSON array).
  lua::CallOutcome call_positional(const std::string& server, const std::string& tool,
                                   const std::string& positional) {
    lua::CallRequest request;
    request.path = {"mcp", server, tool};
    request.positional.Parse(positional.c_str());
    return runtime().call(request);
  }
  // mcp.<name>(...) with its arguments as a JSON array.
  lua::CallOutcome helper(const std::string& name, const std::string& positional = "[]") {
    lua::CallRequest request;
    request.path = {lua::kMcpHelperScope, name};
    request.positional.Parse(positional.c_str());
    return runtime().call(request);
  }

  ScriptedServer& peer(const std::string& name) { return peers[name]; }
  std::vector<std::string> opened_names() const {
    std::vector<std::string> names;
    for (const ServerConfig& server : opened) names.push_back(server.name);
    return names;
  }

  config::MapEnvironment env{{"TOKEN", "tok-canary-1234"}};
  std::string user_yaml;
  std::optional<std::string> project_yaml;
  std::optional<config::Configuration> configuration;  // set to use a loaded one instead
  LoadedServers servers;
  RunFlags flags;
  ManualClock clock;
  Deadline deadline;
  http::Redactor redactor;
  std::map<std::string, ScriptedServer> peers;  // by server name, made on first use
  std::vector<ServerConfig> opened;             // the expanded entries, in order of opening

 private:
  std::unique_ptr<McpRuntime> runtime_;  // last: its sessions close into `peers`
};

}  // namespace kosmo::mcp::runtime_test
