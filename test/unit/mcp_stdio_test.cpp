// Process tests: kosmo's stdio transport and session against the fake MCP server
// (test/fakes/mcp). Each test also checks that no process outlives it.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "lib/mcp/child_process.h"
#include "lib/mcp/errors.h"
#include "lib/mcp/json_rpc.h"
#include "lib/mcp/session.h"
#include "lib/mcp/stdio_transport.h"
#include "lib/mcp/tool_result.h"
#include "test/fakes/mcp/fake_mcp_process.h"
#include "test/unit/outcome_testing.h"
#include "test/unit/test_files.h"

namespace kosmo::mcp {
namespace {

using std::chrono::milliseconds;
using test::no_child_processes;
using test::process_group_gone;

rapidjson::Document json(const char* text) {
  rapidjson::Document document;
  document.Parse(text);
  return document;
}

class McpStdioTest : public ::testing::Test {
 protected:
  void SetUp() override { KOSMO_REQUIRE_FAKE_MCP(fake_); }
  void TearDown() override {
    if (!fake_.empty()) {
      EXPECT_TRUE(no_child_processes());
    }
  }

  ServerConfig server(std::vector<std::string> args, double timeout_s = 10) const {
    ServerConfig config;
    config.name = "fake";
    config.command = fake_;
    config.args = std::move(args);
    config.timeout_s = timeout_s;
    return config;
  }

  // A session over a started transport; `transport` is set to it for pid and stderr checks.
  std::unique_ptr<Session> open(const ServerConfig& config, StdioTransport** transport = nullptr,
                                StopTimings timings = {}) {
    auto started = StdioTransport::start(config, env_, timings).value();
    if (transport != nullptr) *transport = started.get();
    SessionOptions options;
    options.server_name = config.name;
    options.request_timeout_s = config.timeout_s;
    options.initialize_timeout_s = config.timeout_s;
    return std::make_unique<Session>(std::move(started), options);
  }

  static std::string call_text(Session& session, const char* tool, const char* args = "{}") {
    ToolResult result = normalize_tool_result(session.call_tool(tool, json(args)).value());
    EXPECT_FALSE(result.is_error) << result.error_text;
    return result.value.IsString() ? result.value.GetString() : to_json(result.value);
  }

  std::string fake_;
  config::ProcessEnvironment env_;
};

TEST_F(McpStdioTest, HandshakeListAndCall) {
  auto session = open(server({}));
  EXPECT_FALSE(session->initialize().has_value());
  EXPECT_EQ(session->protocol_version(), "2025-11-25");
  rapidjson::Document tools = session->list_tools().value();
  EXPECT_EQ(tools.Size(), 11u);
  EXPECT_EQ(call_text(*session, "echo", R"({"message":"hi"})"), "hi");
  EXPECT_EQ(call_text(*session, "add", R"({"a":2,"b":3})"), "5");

  rapidjson::Document seen =
      normalize_tool_result(session->call_tool("inspect", json("{}")).value()).value;
  EXPECT_EQ(to_json(seen["initialize"]),
            R"({"protocolVersion":"2025-11-25","capabilities":{},)"
            R"("clientInfo":{"name":"kosmo","version":")" KOSMO_VERSION R"("}})");
  EXPECT_EQ(to_json(seen["notifications"]), R"(["notifications/initialized"])");
}

TEST_F(McpStdioTest, ToolsListFollowsThreePages) {
  auto session = open(server({"--page-size", "4"}));
  rapidjson::Document tools = session->list_tools().value();
  ASSERT_EQ(tools.Size(), 11u);
  EXPECT_STREQ(tools[0]["name"].GetString(), "echo");
  EXPECT_STREQ(tools[10]["name"].GetString(), "inspect");
}

TEST_F(McpStdioTest, RepeatedCursorDoesNotLoop) {
  auto session = open(server({"--page-size", "4", "--repeat-cursor"}));
  EXPECT_EQ(session->list_tools().value().Size(), 8u);  // the first page, then the repeat: stop
}

TEST_F(McpStdioTest, ServerPingIsAnsweredWhileWaiting) {
  auto session = open(server({"--ping-first"}, 5));
  EXPECT_EQ(call_text(*session, "echo", R"({"message":"after ping"})"), "after ping");
  rapidjson::Document seen =
      normalize_tool_result(session->call_tool("inspect", json("{}")).value()).value;
  EXPECT_EQ(seen["pings_answered"].GetInt(), 2);
}

TEST_F(McpStdioTest, SplitWritesBannerAndChatterAreHandled) {
  auto session = open(server({"--split-writes", "--banner", "--chatty"}));
  EXPECT_EQ(session->list_tools().value().Size(), 11u);
  EXPECT_EQ(call_text(*session, "echo", R"({"message":"pieces"})"), "pieces");
}

TEST_F(McpStdioTest, HugeResultArrivesWhole) {
  auto session = open(server({}));
  rapidjson::Document result = session->call_tool("huge", json(R"({"bytes":5242880})")).value();
  const rapidjson::Value& text = result["content"][0]["text"];
  EXPECT_EQ(text.GetStringLength(), 5242880u);
  EXPECT_EQ(call_text(*session, "echo", R"({"message":"next"})"), "next");
}

TEST_F(McpStdioTest, StderrFloodIsDrainedAndKept) {
  // 12,500 lines of noise would otherwise go to the test log at info level.
  spdlog::level::level_enum level = spdlog::get_level();
  spdlog::set_level(spdlog::level::warn);
  StdioTransport* transport = nullptr;
  auto session = open(server({"--stderr-bytes", "1000000"}), &transport);
  EXPECT_EQ(call_text(*session, "echo", R"({"message":"still here"})"), "still here");
  EXPECT_FALSE(transport->stderr_tail().empty());
  EXPECT_LE(transport->stderr_tail().size(), kStderrTailBytes + 3);
  session.reset();
  spdlog::set_level(level);
}

TEST_F(McpStdioTest, SlowStartWithinTheTimeout) {
  auto session = open(server({"--slow-start", "300"}, 5));
  EXPECT_NO_THROW(session->initialize());
}

TEST_F(McpStdioTest, TimeoutNamesServerAndSecondsThenRecovers) {
  auto session = open(server({}, 0.5));
  EXPECT_FALSE(session->initialize().has_value());
  McpFailure error = test::failure_of(session->call_tool("sleep", json(R"({"ms":700})")));
  EXPECT_EQ(error.kind, ErrorKind::kTimeout);
  EXPECT_EQ(error.message, "MCP server 'fake' timed out after 0.5s.");
  // The late answer to the timed-out call is skipped by its id.
  EXPECT_EQ(call_text(*session, "echo", R"({"message":"later"})"), "later");
  rapidjson::Document seen =
      normalize_tool_result(session->call_tool("inspect", json("{}")).value()).value;
  EXPECT_EQ(to_json(seen["notifications"]),
            R"(["notifications/initialized","notifications/cancelled"])");
}

TEST_F(McpStdioTest, NeverAnsweredInitializeTimesOut) {
  auto session = open(server({"--no-initialize"}, 0.3));
  McpFailure error = test::failure_of(session->initialize());
  EXPECT_EQ(error.kind, ErrorKind::kTimeout);
  EXPECT_EQ(error.message, "MCP server 'fake' timed out after 0.3s.");
}

TEST_F(McpStdioTest, ExitMidCallReportsStderr) {
  auto session = open(server({}));
  EXPECT_FALSE(session->initialize().has_value());
  McpFailure error = test::failure_of(session->call_tool("exit_now", json("{}")));
  EXPECT_EQ(error.kind, ErrorKind::kExited);
  EXPECT_EQ(std::string(error.message),
            "MCP server 'fake' exited before responding. Stderr: fake mcp ready\n"
            "fake mcp: crashing on purpose");
  McpFailure again = test::failure_of(session->call_tool("echo", json("{}")));
  EXPECT_EQ(again.message, error.message);
}

TEST_F(McpStdioTest, ExitIsNoticedWhileAGrandchildHoldsStdout) {
  StdioTransport* transport = nullptr;
  auto session = open(server({"--grandchild"}), &transport);
  EXPECT_FALSE(session->initialize().has_value());
  pid_t group = transport->pid();
  auto start = std::chrono::steady_clock::now();
  McpFailure error = test::failure_of(session->call_tool("exit_now", json("{}")));
  EXPECT_EQ(error.kind, ErrorKind::kExited);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  session.reset();
  EXPECT_TRUE(process_group_gone(group));
}

TEST_F(McpStdioTest, ServerIgnoringSigtermIsKilled) {
  StdioTransport* transport = nullptr;
  auto session =
      open(server({"--ignore-sigterm"}), &transport, {milliseconds(50), milliseconds(100)});
  EXPECT_FALSE(session->initialize().has_value());
  pid_t pid = transport->pid();
  auto start = std::chrono::steady_clock::now();
  session->close();
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_GE(took, milliseconds(150));  // both graces were waited out
  EXPECT_LT(took, std::chrono::seconds(2));
  EXPECT_EQ(kill(pid, 0), -1);  // reaped: the pid is gone
  EXPECT_TRUE(process_group_gone(pid));
}

TEST_F(McpStdioTest, CloseEndsTheWholeProcessGroup) {
  StdioTransport* transport = nullptr;
  auto session = open(server({"--grandchild"}), &transport);
  EXPECT_FALSE(session->initialize().has_value());
  pid_t group = transport->pid();
  EXPECT_EQ(getpgid(group), group);  // its own process group
  EXPECT_NE(getpgid(group), getpgrp());
  session.reset();  // the destructor stops the server
  EXPECT_TRUE(process_group_gone(group));
}

TEST_F(McpStdioTest, StopEscalatesOnlyAsFarAsNeeded) {
  config::ProcessEnvironment env;
  StopTimings quick{milliseconds(2000), milliseconds(2000)};
  std::unique_ptr<ChildProcess> polite =
      ChildProcess::start(SpawnSpec{fake_, {}, child_environment(env, {}), {}}).value();
  polite->stop(quick);  // exits by itself once stdin closes
  EXPECT_EQ(polite->describe_exit(), "exit code 0");

  std::unique_ptr<ChildProcess> deaf =
      ChildProcess::start(SpawnSpec{"sleep", {"30"}, child_environment(env, {}), {}}).value();
  deaf->stop({milliseconds(200), milliseconds(2000)});  // ignores stdin, dies on SIGTERM
  EXPECT_EQ(deaf->describe_exit(), "killed by signal 15");

  std::unique_ptr<ChildProcess> stubborn =
      ChildProcess::start(SpawnSpec{fake_, {"--ignore-sigterm"}, child_environment(env, {}), {}})
          .value();
  pollfd ready{stubborn->stderr_fd(), POLLIN, 0};
  ASSERT_EQ(poll(&ready, 1, 5000), 1);  // "fake mcp ready": SIGTERM is ignored from now on
  stubborn->stop({milliseconds(50), milliseconds(100)});
  EXPECT_EQ(stubborn->describe_exit(), "killed by signal 9");
}

TEST_F(McpStdioTest, StopProcessesTakesEachServerAsFarAsItNeeds) {
  config::ProcessEnvironment env;
  std::unique_ptr<ChildProcess> polite =
      ChildProcess::start(SpawnSpec{fake_, {}, child_environment(env, {}), {}}).value();
  std::unique_ptr<ChildProcess> deaf =
      ChildProcess::start(SpawnSpec{"sleep", {"30"}, child_environment(env, {}), {}}).value();
  std::unique_ptr<ChildProcess> stubborn =
      ChildProcess::start(SpawnSpec{fake_, {"--ignore-sigterm"}, child_environment(env, {}), {}})
          .value();
  pollfd ready{stubborn->stderr_fd(), POLLIN, 0};
  ASSERT_EQ(poll(&ready, 1, 5000), 1);  // "fake mcp ready": SIGTERM is ignored from now on

  ChildProcess* const all[] = {polite.get(), deaf.get(), stubborn.get()};
  stop_processes(all, {milliseconds(1000), milliseconds(300)});

  EXPECT_EQ(polite->describe_exit(), "exit code 0");
  EXPECT_EQ(deaf->describe_exit(), "killed by signal 15");
  EXPECT_EQ(stubborn->describe_exit(), "killed by signal 9");
  for (ChildProcess* process : all) EXPECT_TRUE(process->stopped());
}

TEST_F(McpStdioTest, KillAllServerGroupsReachesEveryLiveServer) {
  config::ProcessEnvironment env;
  std::unique_ptr<ChildProcess> first =
      ChildProcess::start(SpawnSpec{fake_, {}, child_environment(env, {}), {}}).value();
  std::unique_ptr<ChildProcess> second =
      ChildProcess::start(SpawnSpec{fake_, {"--grandchild"}, child_environment(env, {}), {}})
          .value();
  kill_all_server_groups();
  EXPECT_TRUE(first->wait_for_exit(milliseconds(5000)));
  EXPECT_TRUE(second->wait_for_exit(milliseconds(5000)));
  EXPECT_EQ(first->describe_exit(), "killed by signal 9");
  second->stop();
  EXPECT_TRUE(process_group_gone(second->pid()));
}

TEST_F(McpStdioTest, MinimalEnvironmentPlusEntryEnvAndCwd) {
  testing::TempDir dir("kosmo-mcp-cwd");
  config::MapEnvironment parent({{"PATH", "/usr/bin:/bin"},
                                 {"HOME", "/home/test"},
                                 {"SECRET_TOKEN", "leak"},
                                 {"LANG", "C.UTF-8"}});
  ServerConfig config = server({});
  config.env = {{"FOO", "bar"}, {"HOME", "/override"}};
  config.cwd = dir.path().string();
  auto transport = StdioTransport::start(config, parent).value();
  Session session(std::move(transport), SessionOptions{.server_name = "fake"});
  rapidjson::Document seen =
      normalize_tool_result(session.call_tool("get_env", json("{}")).value()).value;
  const rapidjson::Value& env = seen["env"];
  EXPECT_STREQ(env["PATH"].GetString(), "/usr/bin:/bin");
  EXPECT_STREQ(env["HOME"].GetString(), "/override");
  EXPECT_STREQ(env["FOO"].GetString(), "bar");
  EXPECT_STREQ(env["LANG"].GetString(), "C.UTF-8");
  EXPECT_FALSE(env.HasMember("SECRET_TOKEN"));
  EXPECT_STREQ(seen["cwd"].GetString(), dir.path().c_str());
}

TEST_F(McpStdioTest, StartFailuresNameTheProblem) {
  ServerConfig missing = server({});
  missing.command = "kosmo-no-such-command";
  McpFailure error = test::failure_of(StdioTransport::start(missing, env_));
  EXPECT_EQ(error.kind, ErrorKind::kStart);
  EXPECT_EQ(error.message,
            "Failed to start MCP server 'fake': command 'kosmo-no-such-command' not found.");

  ServerConfig bad_cwd = server({});
  bad_cwd.cwd = "/nonexistent/kosmo-dir";
  error = test::failure_of(StdioTransport::start(bad_cwd, env_));
  EXPECT_EQ(error.message,
            "Failed to start MCP server 'fake': working directory '/nonexistent/kosmo-dir' "
            "does not exist.");

  ServerConfig no_command = server({});
  no_command.command.clear();
  error = test::failure_of(StdioTransport::start(no_command, env_));
  EXPECT_EQ(error.kind, ErrorKind::kConfig);
  EXPECT_EQ(error.message, "MCP server 'fake' is missing a command.");
}

TEST_F(McpStdioTest, WritingToAServerThatNeverReadsIsNotFatal) {
  // `true` exits at once: the write meets a closed pipe (EPIPE, with SIGPIPE blocked) or the
  // read meets EOF. Either way an error, never a signal that kills the test process.
  ServerConfig config = server({});
  config.command = "true";
  auto session = open(config);
  McpFailure error = test::failure_of(session->initialize());
  EXPECT_EQ(error.kind, ErrorKind::kExited);
  EXPECT_EQ(error.message, "MCP server 'fake' exited before responding.");
}

TEST_F(McpStdioTest, RpcErrorsAndIsErrorResults) {
  auto session = open(server({}));
  const McpFailure error = test::failure_of(session->call_tool("nope", json("{}")));
  EXPECT_EQ(error.message, "MCP error -32602: Unknown tool: nope");
  EXPECT_EQ(error.rpc_data_json, R"({"fake":true})");
  ToolResult failed = normalize_tool_result(session->call_tool("fail", json("{}")).value());
  EXPECT_TRUE(failed.is_error);
  EXPECT_EQ(failed.error_text, "Something went wrong");
  EXPECT_EQ(call_text(*session, "get-weather", R"({"city":"Oslo"})"),
            R"({"city":"Oslo","celsius":21})");
  EXPECT_EQ(call_text(*session, "image"),
            R"([{"type":"text","text":"a pixel"},{"type":"image","data":"iVBORw0KGgo=",)"
            R"("mimeType":"image/png"}])");
}

TEST_F(McpStdioTest, ResourcesAndPrompts) {
  auto session = open(server({}));
  rapidjson::Document resources = session->list_resources().value();
  ASSERT_EQ(resources.Size(), 1u);
  EXPECT_STREQ(resources[0]["uri"].GetString(), "fake://readme");
  EXPECT_STREQ(session->read_resource("fake://readme").value()["contents"][0]["text"].GetString(),
               "Fake README");
  EXPECT_EQ(session->list_prompts().value().Size(), 1u);
  rapidjson::Document prompt = session->get_prompt("summarize", json(R"({"topic":"MCP"})")).value();
  EXPECT_STREQ(prompt["messages"][0]["content"]["text"].GetString(), "Summarize MCP");
}

TEST_F(McpStdioTest, UndeclaredCapabilitiesAreNotAsked) {
  auto session = open(server({"--bare"}));
  EXPECT_EQ(session->list_resources().value().Size(), 0u);
  EXPECT_EQ(session->list_prompts().value().Size(), 0u);
}

TEST_F(McpStdioTest, ProtocolVersionNegotiation) {
  auto older = open(server({"--protocol-version", "2024-11-05"}));
  older->initialize();
  EXPECT_EQ(older->protocol_version(), "2024-11-05");
  auto unknown = open(server({"--protocol-version", "2030-01-01"}));
  McpFailure error = test::failure_of(unknown->initialize());
  EXPECT_NE(std::string(error.message).find("'2030-01-01'"), std::string::npos);
}

}  // namespace
}  // namespace kosmo::mcp
