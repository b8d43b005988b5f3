// MCP servers that fail: never answer initialize, answer too late, die mid-call, ignore SIGTERM,
// leave a grandchild behind, and scripts that hit a sandbox limit while a server runs. Each must
// end in a clean error within its bound, and the fixture proves no process of ours is left.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <thread>

#include "e2e/mcp_harness.h"

extern char** environ;

namespace kosmo::e2e {
namespace {

class McpFaultTest : public McpTest {};

TEST_F(McpFaultTest, NeverAnsweringInitializeTimesOut) {
  WriteGlobalServers({{"mute", FakeEntry({"--no-initialize"}, R"("timeout": 1)")}});
  McpRun run = Lua("return app.mcp.mute.echo{message = 'x'}");
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(run.error_code(), "mcp_error");
  EXPECT_NE(run.error().find("mute"), std::string::npos) << run.error();
  EXPECT_NE(run.error().find("time"), std::string::npos) << run.error();
  EXPECT_LT(run.process.wall_seconds, 8) << "the 1 s timeout was not honoured";
}

TEST_F(McpFaultTest, StartSlowerThanTheTimeoutFails) {
  WriteGlobalServers({{"slow", FakeEntry({"--slow-start", "4000"}, R"("timeout": 1)")}});
  McpRun run = Lua("return app.mcp.slow.echo{message = 'x'}");
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(run.error_code(), "mcp_error");
  EXPECT_LT(run.process.wall_seconds, 4) << run.Describe();
}

TEST_F(McpFaultTest, CallSlowerThanTheTimeoutFailsAndTheRunGoesOn) {
  WriteGlobalServers({{"fake", FakeEntry({}, R"("timeout": 1)")}});
  McpRun run = Lua(R"(local ok, err = pcall(mcp.call, "fake.sleep", {ms = 5000})
                      return ok, tostring(err))",
                   {"--force"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(run.result_json(0), "false");
  EXPECT_NE(run.result_json(1).find("time"), std::string::npos) << run.result_json(1);
  EXPECT_LT(run.process.wall_seconds, 5);
}

TEST_F(McpFaultTest, ServerExitingMidCallIsAnError) {
  WriteGlobalServers({{"fake", FakeEntry()}});
  McpRun run = Lua("return app.mcp.fake.exit_now{}", {"--force"});
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(run.error_code(), "mcp_error");
  EXPECT_NE(run.error().find("fake"), std::string::npos) << run.error();
  EXPECT_LT(run.process.wall_seconds, 5);
}

TEST_F(McpFaultTest, ServerIgnoringSigtermIsKilled) {
  WriteGlobalServers({{"stubborn", FakeEntry({"--ignore-sigterm"})}});
  McpRun run = Lua("return app.mcp.stubborn.echo{message = 'bye'}");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(run.result_json(0), R"("bye")");
  EXPECT_LT(run.process.wall_seconds, 8) << "shutdown escalation took too long";
}

TEST_F(McpFaultTest, GrandchildInTheServersGroupIsKilled) {
  WriteGlobalServers({{"forky", FakeEntry({"--grandchild"})}});
  McpRun run = Lua("return app.mcp.forky.echo{message = 'x'}");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_LT(run.process.wall_seconds, 8);
}

TEST_F(McpFaultTest, CpuLimitWhileAServerRunsStopsIt) {
  WriteGlobalServers({{"fake", FakeEntry({"--ignore-sigterm"})}});
  McpRun run = Lua("app.mcp.fake.echo{message = 'x'} while true do end", {"--cpu-limit", "1"});
  EXPECT_EQ(run.exit_code(), 3) << run.Describe();
  EXPECT_EQ(run.error_code(), "cpu_limit");
}

TEST_F(McpFaultTest, WallTimeoutDuringACallStopsIt) {
  WriteGlobalServers({{"fake", FakeEntry()}});
  McpRun run = Run({"mcp:lua", "--json", "--force", "--timeout", "1", "--eval",
                    "return app.mcp.fake.sleep{ms = 6000}"});
  EXPECT_EQ(run.exit_code(), 3) << run.Describe();
  EXPECT_EQ(run.error_code(), "timeout");
  // The request itself is capped by the run's deadline; the watchdog's last resort (2 s later)
  // is not what ends it.
  EXPECT_LT(run.process.wall_seconds, 2.5) << "--timeout does not bound an MCP request";
}

TEST_F(McpFaultTest, MemoryLimitWithAHugeResultIsALimitNotACrash) {
  WriteGlobalServers({{"fake", FakeEntry()}});
  McpRun run = Lua("return #app.mcp.fake.huge{bytes = 16777216}", {"--memory-limit", "4000000"});
  EXPECT_EQ(run.exit_code(), 3) << run.Describe();
  EXPECT_EQ(run.error_code(), "memory_limit");
}

// The leak check must not be vacuous: a marked process we leave running is found, and gone once
// killed.
TEST(McpHarnessSelfTest, StrayCheckFindsAMarkedProcess) {
  const std::string marker = "mcp-e2e-self-test-" + std::to_string(getpid());
  std::string variable = std::string(kMarkerVariable) + "=" + marker;
  std::vector<char*> envp = {variable.data(), nullptr};
  char sleep_path[] = "/bin/sleep", seconds[] = "30";
  char* argv[] = {sleep_path, seconds, nullptr};
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, argv[0], nullptr, nullptr, argv, envp.data()), 0);
  // Until the child has exec'd, /proc shows this binary's command line: wait for sleep's.
  std::vector<std::string> strays;
  for (int i = 0; i < 200; ++i) {
    strays = StrayProcesses(marker);
    if (strays.size() == 1 && strays[0].find("sleep 30") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(strays.size(), 1u);
  EXPECT_NE(strays[0].find("sleep 30"), std::string::npos) << strays[0];
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  EXPECT_TRUE(StrayProcesses(marker).empty());
}

}  // namespace
}  // namespace kosmo::e2e
