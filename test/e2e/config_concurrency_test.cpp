// Concurrent writers on one KOSMO_HOME keep every change. Each round starts 50 kosmo processes at
// once: 30 `integrations:configure` (distinct accounts over five integrations, config.yaml), 10
// `mcp:trust` / `mcp:trust --revoke` (project servers, config.yaml too) and 10 `mcp:add --replace`
// (mcp.json). After each round every one of the 50 writes must be in the files; a writer that
// read the file before another's rename and wrote after it would lose that write.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>
#include <thread>
#include <vector>

#include "e2e/kosmo_process.h"
#include "e2e/temp_dir.h"
#include "lib/common/file_read.h"
#include "lib/config/credential_cipher.h"
#include "lib/config/kosmo_config.h"

namespace kosmo::e2e {
namespace {

constexpr int kRounds = 5;
constexpr int kConfigureWriters = 30;
constexpr int kTrustWriters = 10;
constexpr int kAddWriters = 10;

struct Credential {
  const char* integration;
  const char* key;
};
constexpr Credential kCredentials[] = {{"sinch", "service_plan_id"},
                                       {"anthropic", "api_key"},
                                       {"missive", "access_token"},
                                       {"wildix", "access_token"},
                                       {"agora", "customer_id"}};

const Credential& CredentialOf(int writer) { return kCredentials[writer % 5]; }
std::string Account(int writer) { return "acct" + std::to_string(writer); }
std::string Value(int round, int writer) {
  return "r" + std::to_string(round) + "-w" + std::to_string(writer);
}

class ConfigConcurrency : public ::testing::Test {
 protected:
  ConfigConcurrency() {
    std::string servers;
    for (int i = 0; i < kTrustWriters; ++i) {
      servers += std::string(i == 0 ? "" : ",") + "\"proj-" + std::to_string(i) +
                 "\": {\"command\": \"true\"}";
    }
    project_.WriteFile(".mcp.json", "{\"mcpServers\": {" + servers + "}}");
  }

  // The arguments of writer `i` in `round`.
  static std::vector<std::string> Args(int round, int i) {
    if (i < kConfigureWriters) {
      const Credential& credential = CredentialOf(i);
      return {"integrations:configure",
              credential.integration,
              "--account",
              Account(i),
              "--set",
              std::string(credential.key) + "=" + Value(round, i),
              "--json"};
    }
    if (i < kConfigureWriters + kTrustWriters) {
      std::vector<std::string> args = {"mcp:trust", "proj-" + std::to_string(i - kConfigureWriters),
                                       "--json"};
      if (round % 2 == 1) args.push_back("--revoke");
      return args;
    }
    const int server = i - kConfigureWriters - kTrustWriters;
    return {"mcp:add",   "user-" + std::to_string(server),
            "--command", "true",
            "--arg",     Value(round, i),
            "--replace", "--json"};
  }

  // Starts every writer of `round` at once; returns a description of each that failed.
  std::vector<std::string> RunRound(int round) {
    constexpr int kWriters = kConfigureWriters + kTrustWriters + kAddWriters;
    std::vector<ProcessResult> results(kWriters);
    std::vector<std::thread> threads;
    for (int i = 0; i < kWriters; ++i) {
      threads.emplace_back([this, round, i, &results] {
        ProcessOptions options;
        options.args = Args(round, i);
        options.minimal_env = true;
        // One HOME for all, so that the writers share (and race to create) the credential key
        // file that secret values are sealed with.
        options.env = {{"KOSMO_HOME", home_.path()}, {"HOME", home_.path()}};
        options.cwd = project_.path();
        options.measure_child_rss = false;
        options.timeout_seconds = 120;
        results[i] = RunKosmo(options);
      });
    }
    for (std::thread& thread : threads) thread.join();
    std::vector<std::string> failures;
    for (int i = 0; i < kWriters; ++i) {
      if (!results[i].exited_normally() || results[i].exit_code != 0) {
        failures.push_back("writer " + std::to_string(i) + ": " + results[i].Describe() + " " +
                           results[i].out + results[i].err);
      }
    }
    return failures;
  }

  // Every write of `round` that is not in the files.
  std::vector<std::string> LostWrites(int round) const {
    std::vector<std::string> lost;
    const config::KosmoConfig config = config::KosmoConfig::load(home_.path() + "/config.yaml");
    const config::MapEnvironment env({{"HOME", home_.path()}});
    const std::optional<config::CredentialKey> key = config::find_credential_key(env);
    for (int i = 0; i < kConfigureWriters; ++i) {
      const Credential& credential = CredentialOf(i);
      auto value = config.account_value(credential.integration, Account(i), credential.key);
      // Secret fields are stored sealed; every writer must have used the one key file.
      if (value && config::is_encrypted_value(*value)) {
        value = key ? config::decrypt_credential(*value, *key) : std::nullopt;
      }
      if (value != Value(round, i)) lost.push_back("configure " + Account(i));
    }
    for (int i = 0; i < kTrustWriters; ++i) {
      const std::string server = "proj-" + std::to_string(i);
      if (config.trusted_fingerprint(server).has_value() != (round % 2 == 0)) {
        lost.push_back("trust " + server);
      }
    }
    rapidjson::Document mcp;
    mcp.Parse(read_file(home_.path() + "/mcp.json").text.c_str());
    for (int i = 0; i < kAddWriters; ++i) {
      const std::string name = "user-" + std::to_string(i);
      const int writer = kConfigureWriters + kTrustWriters + i;
      const bool present =
          mcp.IsObject() && mcp.HasMember("mcpServers") &&
          mcp["mcpServers"].HasMember(name.c_str()) &&
          mcp["mcpServers"][name.c_str()]["args"][0] == Value(round, writer).c_str();
      if (!present) lost.push_back("mcp:add " + name);
    }
    return lost;
  }

  TempDir home_{"kosmo-e2e-concurrent-home-"};
  TempDir project_{"kosmo-e2e-concurrent-project-"};
};

TEST_F(ConfigConcurrency, FiftyWritersAtOnceKeepEveryWriteOverFiveRounds) {
  for (int round = 0; round < kRounds; ++round) {
    const std::vector<std::string> failures = RunRound(round);
    ASSERT_TRUE(failures.empty()) << "round " << round << ":\n"
                                  << ::testing::PrintToString(failures);
    const std::vector<std::string> lost = LostWrites(round);
    EXPECT_TRUE(lost.empty()) << "round " << round << " lost " << lost.size()
                              << " writes: " << ::testing::PrintToString(lost);
  }
}

}  // namespace
}  // namespace kosmo::e2e
