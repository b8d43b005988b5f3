// Shared fixture of the integration end-to-end tests: a fake Sinch/Anthropic server, a fresh
// KOSMO_HOME, credentials in the environment that point the integrations at the fake, and
// helpers to run `kosmo integrations:lua --json` and judge its envelope.
//
// Every secret is unique per fixture, so a test can assert it never reaches stdout or stderr.
#pragma once

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "e2e/kosmo_process.h"
#include "e2e/temp_dir.h"
#include "fakes/fake_vendor_server.h"

namespace kosmo::e2e {

// Every run is bounded by kosmo's own --timeout, well inside the harness's kill deadline.
inline constexpr const char kRunTimeout[] = "2";

// `prefix` and random hex: a value that occurs nowhere else, so finding it in output can only
// mean a leak.
std::string UniqueSecret(const std::string& prefix);

struct Secrets {
  std::string sinch_token;
  std::string sinch_work_token;
  std::string sinch_key_secret;  // the Numbers API access key's secret
  std::string anthropic_key;
  std::string anthropic_admin_key;
  std::string anthropic_work_key;

  std::vector<std::string> all() const;
};

struct KosmoRun {
  ProcessResult process;
  rapidjson::Document envelope;  // null when stdout was not one JSON document
  std::string parse_error;

  int exit_code() const { return process.exit_code; }
  std::string error() const;       // the envelope's error, "" when null or absent
  std::string error_code() const;  // the envelope's error_code, "" when null or absent
  // result[index], or nullptr when there is no such value.
  const rapidjson::Value* result(size_t index = 0) const;
  // integration_calls[index], or nullptr.
  const rapidjson::Value* call(size_t index = 0) const;
  size_t call_count() const;
  bool meta(const char* key) const;  // a boolean of the envelope's meta object
  // Exit status, stdout and stderr (shortened), for failure messages.
  std::string Describe() const;
};

class IntegrationTest : public ::testing::Test {
 protected:
  IntegrationTest();

  fakes::FakeVendorServer& server() { return server_; }
  const Secrets& secrets() const { return secrets_; }
  const TempDir& kosmo_home() const { return kosmo_home_; }
  // The runs' HOME, where KosmoKrator keeps its files (~/.kosmo/data/kosmo.db).
  const TempDir& user_home() const { return home_; }

  // Sets (or replaces) an environment variable of later runs; an empty value removes it.
  void SetEnv(const std::string& name, const std::string& value);
  // The environment of later runs (KOSMO_HOME, HOME, the credentials), for a test that starts
  // kosmo through another program (the SDK client of mcp_serve_sdk_test.cpp).
  const std::vector<std::pair<std::string, std::string>>& environment() const { return env_; }
  // Removes every KOSMO_<INTEGRATION>_* variable, so the integration is not configured.
  void UnsetIntegrationEnv(const std::string& integration_upper);
  void WriteConfig(const std::string& yaml) const;
  // How long later runs may take before the harness kills them (default 20 s).
  void KillAfter(double seconds) { kill_after_seconds_ = seconds; }
  // Called with the pid of every later run right after it starts.
  void OnStarted(std::function<void(pid_t)> callback) { on_started_ = std::move(callback); }

  // The variables every run gets on top of a minimal environment (for tests that start kosmo
  // themselves, as the gateway's do).
  const std::vector<std::pair<std::string, std::string>>& env() const { return env_; }
  // kosmo <args> with the fixture's environment.
  KosmoRun Run(const std::vector<std::string>& args, const std::string& stdin_data = "");
  // kosmo integrations:lua --json --timeout 2 <flags> --eval <code>
  KosmoRun Lua(const std::string& code, const std::vector<std::string>& flags = {});

  // The single request the fake received; fails the test when there is not exactly one.
  fakes::RecordedRequest OnlyRequest() const;

  // The service plan of the default account and the request paths under it.
  static constexpr const char kPlan[] = "plan-default";
  static std::string SinchPath(const std::string& tail) {
    return std::string("/xms/v1/") + kPlan + tail;
  }
  static std::string AnthropicPath(const std::string& tail) { return "/v1" + tail; }
  // The Numbers API project and access key id of the default account, and its request paths.
  static constexpr const char kSinchProject[] = "project-default";
  static constexpr const char kSinchKeyId[] = "key-id-default";
  static std::string SinchNumbersPath(const std::string& tail) {
    return std::string("/sinch-numbers/v1/projects/") + kSinchProject + tail;
  }

 private:
  fakes::FakeVendorServer server_;
  TempDir kosmo_home_;
  TempDir home_;
  Secrets secrets_;
  std::vector<std::pair<std::string, std::string>> env_;
  std::function<void(pid_t)> on_started_;
  double kill_after_seconds_ = 20;
};

// One entry of the envelope's integration_calls (product.md §5.5).
struct ExpectedCall {
  std::string path;  // "integrations.sinch.get_group"
  std::string function;
  std::string operation = "read";
  std::string status = "ok";
  int http_status = 200;  // 0: null (no response)
  int attempts = 1;
  std::string account = "default";
};
::testing::AssertionResult CallMatches(const KosmoRun& run, size_t index,
                                       const ExpectedCall& expected);

// Parses `text`; a parse error is a test failure and yields a null document.
rapidjson::Document ParseJson(const std::string& text);

// Structural equality after removing null-valued object members on both sides (a Lua table
// cannot hold nil, so such keys disappear in the round trip; null inside arrays survives).
::testing::AssertionResult SameJson(const std::string& expected_json,
                                    const rapidjson::Value& actual);
::testing::AssertionResult SameJson(const rapidjson::Value& expected,
                                    const rapidjson::Value& actual);

// The `name=value` pairs of a raw query string, sorted, for order-independent comparison.
std::vector<std::string> QueryPairs(const std::string& query);

// Fails the test when any of `secrets` occurs in the run's stdout or stderr.
void ExpectNoSecrets(const KosmoRun& run, const std::vector<std::string>& secrets);

}  // namespace kosmo::e2e
