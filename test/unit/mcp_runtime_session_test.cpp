// McpRuntime's sessions through the Transport seam: lazy start and reuse, the checks before a
// server is opened (trust, enabled, a usable configuration), how transport failures reach the
// script, credentials kept out of messages, and the run's deadline.
#include <gtest/gtest.h>

#include <fstream>

#include "lib/mcp/server_config.h"
#include "test/unit/mcp_runtime_fixture.h"
#include "test/unit/test_files.h"

namespace kosmo::mcp::runtime_test {
namespace {

class McpRuntimeSessionTest : public McpRuntimeTest {};

constexpr const char kUntrusted[] =
    "Project MCP server 'proj' is not trusted. Review its entry in /repo/.mcp.json, then run "
    "`kosmo mcp:trust proj`.";

std::string trusting(const ServerConfig& server) {
  return "mcp: {trusted: {" + server.name + ": \"" + fingerprint(server) + "\"}}";
}

TEST_F(McpRuntimeSessionTest, NothingIsOpenedUntilAToolIsCalled) {
  runtime();
  EXPECT_TRUE(opened.empty());
  lua::CallOutcome servers = helper("servers");
  ASSERT_TRUE(servers.ok) << servers.error_message;
  EXPECT_EQ(servers.data.Size(), 1u);
  EXPECT_TRUE(opened.empty()) << "mcp.servers() starts nothing";

  ASSERT_TRUE(call("fs", "read_file").ok);
  EXPECT_EQ(opened_names(), std::vector<std::string>{"fs"});
}

TEST_F(McpRuntimeSessionTest, SessionIsReusedAcrossCallsAndClosedWithTheRuntime) {
  ASSERT_TRUE(call("fs", "read_file").ok);
  ASSERT_TRUE(call("fs", "list_dir").ok);
  ASSERT_TRUE(helper("call", R"(["fs.read_file", {"path": "b"}])").ok);

  EXPECT_EQ(opened.size(), 1u);
  EXPECT_EQ(peer("fs").methods, (std::vector<std::string>{"initialize", "tools/list", "tools/call",
                                                          "tools/call", "tools/call"}));
  EXPECT_EQ(peer("fs").closes, 0);
  end_runtime();
  EXPECT_GE(peer("fs").closes, 1) << "closing is idempotent: the session may close it again";
}

TEST_F(McpRuntimeSessionTest, UntrustedProjectServerIsNeverOpened) {
  servers.servers.push_back(project_server("proj"));
  lua::CallOutcome outcome = call("proj", "read_file");

  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error_code, ErrorCode::kUntrustedServer);
  EXPECT_EQ(outcome.error_message, kUntrusted);
  EXPECT_FALSE(outcome.retryable);
  EXPECT_EQ(outcome.attempts, 0);
  EXPECT_TRUE(opened.empty());
}

// With KosmoKrator's opt-in, --force bypasses trust as well as policy (isTrusted($force)).
TEST_F(McpRuntimeSessionTest, ForceWithTheOptInOpensAnUntrustedProjectServer) {
  servers.servers.push_back(project_server("proj"));
  flags.force = true;
  env.set("KOSMO_MCP_ALLOW_FORCE", "yes");
  lua::CallOutcome outcome = call("proj", "read_file");

  EXPECT_TRUE(outcome.ok) << outcome.error_message;
  EXPECT_EQ(opened.size(), 1u);
}

TEST_F(McpRuntimeSessionTest, ProjectServerTrustedByTheUsersFingerprintOpens) {
  const ServerConfig proj = project_server("proj");
  servers.servers.push_back(proj);
  user_yaml = trusting(proj);
  lua::CallOutcome outcome = call("proj", "read_file");

  ASSERT_TRUE(outcome.ok) << outcome.error_message;
  EXPECT_EQ(opened_names(), std::vector<std::string>{"proj"});
}

TEST_F(McpRuntimeSessionTest, ProjectConfigCannotTrustAServer) {
  const ServerConfig proj = project_server("proj");
  servers.servers.push_back(proj);
  project_yaml = trusting(proj);
  lua::CallOutcome outcome = call("proj", "read_file");

  EXPECT_EQ(outcome.error_code, ErrorCode::kUntrustedServer);
  EXPECT_EQ(outcome.error_message, kUntrusted);
  EXPECT_TRUE(opened.empty());
}

TEST_F(McpRuntimeSessionTest, ChangedProjectServerLosesItsTrust) {
  ServerConfig proj = project_server("proj");
  user_yaml = trusting(proj);
  proj.args.push_back("--allow-delete");
  servers.servers.push_back(proj);
  lua::CallOutcome outcome = call("proj", "read_file");

  EXPECT_EQ(outcome.error_code, ErrorCode::kUntrustedServer);
  EXPECT_EQ(outcome.error_message,
            "Project MCP server 'proj' changed since it was trusted. Review its entry in "
            "/repo/.mcp.json, then run `kosmo mcp:trust proj` again.");
  EXPECT_TRUE(opened.empty());
}

TEST_F(McpRuntimeSessionTest, DisabledServerIsAConfigError) {
  servers.servers[0].enabled = false;
  lua::CallOutcome outcome = call("fs", "read_file");

  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error_code, ErrorCode::kConfig);
  EXPECT_EQ(outcome.error_message, "MCP server 'fs' is disabled.");
  EXPECT_TRUE(opened.empty());
}

TEST_F(McpRuntimeSessionTest, UnsupportedTransportIsAConfigError) {
  servers.servers[0].type = "sse";
  servers.servers[0].transport = nullptr;
  lua::CallOutcome outcome = call("fs", "read_file");

  EXPECT_EQ(outcome.error_code, ErrorCode::kConfig);
  EXPECT_EQ(outcome.error_message,
            "MCP server 'fs' uses unsupported transport 'sse' (supported: stdio, http).");
  EXPECT_TRUE(opened.empty()) << "the opener replaces the table's, not the checks before it";
}

TEST_F(McpRuntimeSessionTest, UnusableConfigurationIsAConfigErrorAndOpensNothing) {
  kosmo::testing::TempDir home;
  std::ofstream(home.path() / "config.yaml") << "integrations: [unclosed\n";
  env.set("KOSMO_HOME", home.path().string());
  configuration.emplace(config::Configuration::load(env, home.path()));
  ASSERT_TRUE(configuration->failure().has_value());
  lua::CallOutcome outcome = call("fs", "read_file");

  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error_code, ErrorCode::kConfig);
  EXPECT_EQ(outcome.error_message, configuration->failure()->message);
  EXPECT_NE(outcome.error_message.find("config.yaml"), std::string::npos) << outcome.error_message;
  EXPECT_TRUE(opened.empty());
}

TEST_F(McpRuntimeSessionTest, TimeoutAndExitAreRetryableMcpErrors) {
  peer("fs").failures["tools/call"] = {
      McpFailure{ErrorKind::kTimeout, "MCP server 'fs' did not answer within 30 s."},
      McpFailure{ErrorKind::kExited, "MCP server 'fs' exited (status 1)."}};
  lua::CallOutcome timed_out = call("fs", "read_file");
  lua::CallOutcome exited = call("fs", "read_file");

  for (const lua::CallOutcome* outcome : {&timed_out, &exited}) {
    EXPECT_FALSE(outcome->ok);
    EXPECT_EQ(outcome->error_code, ErrorCode::kMcp);
    EXPECT_TRUE(outcome->retryable);
    EXPECT_EQ(outcome->attempts, 1) << "the call reached the server";
    EXPECT_EQ(outcome->function, "fs.read_file");
  }
  EXPECT_EQ(timed_out.error_message, "MCP server 'fs' did not answer within 30 s.");
  EXPECT_EQ(exited.error_message, "MCP server 'fs' exited (status 1).");
}

TEST_F(McpRuntimeSessionTest, ReplayMissIsItsOwnErrorCode) {
  peer("fs").failures["tools/call"] = {
      McpFailure{ErrorKind::kReplayMiss, "No recorded answer for MCP server 'fs'."}};
  lua::CallOutcome outcome = call("fs", "read_file");

  EXPECT_EQ(outcome.error_code, ErrorCode::kReplayMiss);
  EXPECT_EQ(outcome.error_message, "No recorded answer for MCP server 'fs'.");
  EXPECT_FALSE(outcome.retryable);
  EXPECT_EQ(outcome.attempts, 1);
}

TEST_F(McpRuntimeSessionTest, FailureBeforeTheToolCallCountsNoAttempt) {
  peer("fs").failures["tools/list"] = {McpFailure{ErrorKind::kTimeout, "listing timed out"}};
  lua::CallOutcome outcome = call("fs", "read_file");

  EXPECT_EQ(outcome.error_code, ErrorCode::kMcp);
  EXPECT_TRUE(outcome.retryable);
  EXPECT_EQ(outcome.attempts, 0) << "tools/call was never sent";
  EXPECT_EQ(outcome.operation, config::Operation::kWrite) << "unknown until the tool is listed";
  EXPECT_TRUE(call("fs", "read_file").ok) << "a failed listing is asked for again";
}

TEST_F(McpRuntimeSessionTest, ExpiredSessionIsRenewedOnce) {
  const McpFailure expired{ErrorKind::kSessionExpired, "MCP server 'fs' ended the session."};
  peer("fs").failures["tools/call"] = {expired};
  ASSERT_TRUE(call("fs", "read_file").ok);
  EXPECT_EQ(peer("fs").count("initialize"), 2);

  peer("fs").failures["tools/call"] = {expired, expired};
  lua::CallOutcome outcome = call("fs", "read_file");
  EXPECT_EQ(outcome.error_code, ErrorCode::kMcp);
  EXPECT_EQ(outcome.error_message, "MCP server 'fs' ended the session.");
  EXPECT_FALSE(outcome.retryable);
}

TEST_F(McpRuntimeSessionTest, CredentialsAreRedactedFromErrors) {
  servers.servers.push_back(remote_server());
  peer("remote").failures["initialize"] = {McpFailure{
      ErrorKind::kTransport, "MCP server 'remote' refused Bearer tok-canary-1234 (HTTP 401)."}};
  lua::CallOutcome outcome = call("remote", "read_file");

  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error_message, "MCP server 'remote' refused <redacted> (HTTP 401).");
  ASSERT_EQ(opened.size(), 1u);
  EXPECT_EQ(opened[0].headers.at("Authorization"), "Bearer tok-canary-1234")
      << "the opener gets the expanded entry";
}

TEST_F(McpRuntimeSessionTest, DeadlineCapsEveryRequestsTimeout) {
  servers.servers[0].timeout_s = 2;
  deadline = Deadline::after(5, clock);
  clock.advance(4.5);
  ASSERT_TRUE(call("fs", "read_file").ok);

  ASSERT_EQ(peer("fs").timeouts.size(), 3u);  // initialize, tools/list, tools/call
  for (double timeout : peer("fs").timeouts) {
    EXPECT_GT(timeout, 0);
    EXPECT_LE(timeout, 0.5);
  }
}

TEST_F(McpRuntimeSessionTest, WithoutADeadlineRequestsGetTheServersTimeout) {
  servers.servers[0].timeout_s = 2;
  ASSERT_TRUE(call("fs", "read_file").ok);

  EXPECT_EQ(peer("fs").timeouts, (std::vector<double>{2, 2, 2}));
}

}  // namespace
}  // namespace kosmo::mcp::runtime_test
