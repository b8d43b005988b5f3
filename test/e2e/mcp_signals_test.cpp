// Signals to kosmo while an MCP server runs: SIGTERM and SIGINT stop the run and every server,
// even one that ignores SIGTERM, and still write the envelope; SIGKILL, which kosmo cannot
// handle, still takes the server along (PR_SET_PDEATHSIG). The fixture's TearDown proves that
// no process of the test is left.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "e2e/mcp_harness.h"

namespace kosmo::e2e {
namespace {

using Clock = std::chrono::steady_clock;

// How long the tool call has been going when the signal is sent.
constexpr double kCallUnderWaySeconds = 0.5;

class McpSignalTest : public McpTest {
 protected:
  // The fake servers of this test that are running (kosmo itself is left out).
  std::vector<std::string> RunningServers() const {
    std::vector<std::string> servers;
    for (const std::string& process : StrayProcesses(marker())) {
      if (process.find("kosmo_fake_mcp") != std::string::npos &&
          process.find("(Z)") == std::string::npos) {
        servers.push_back(process);
      }
    }
    return servers;
  }

  // A long call to a server that ignores SIGTERM; `signal` is sent to kosmo once the server has
  // been running for kCallUnderWaySeconds.
  McpRun CallAndSignal(int signal) {
    WriteGlobalServers({{"stubborn", FakeEntry({"--ignore-sigterm"})}});
    std::optional<double> server_seen;
    bool sent = false;
    auto signal_mid_call = [&](pid_t pid, double elapsed) {
      if (sent) return;
      if (!server_seen) {
        if (!RunningServers().empty()) server_seen = elapsed;
        return;
      }
      if (elapsed - *server_seen < kCallUnderWaySeconds) return;
      kill(pid, signal);
      sent = true;
    };
    McpRun run = Run({"mcp:lua", "--json", "--force", "--timeout", "30", "--eval",
                      "print('calling') return app.mcp.stubborn.sleep{ms = 25000}"},
                     {}, signal_mid_call);
    EXPECT_TRUE(sent) << "the server never showed up: " << run.Describe();
    return run;
  }
};

TEST_F(McpSignalTest, SigtermDuringACallStopsAServerThatIgnoresSigterm) {
  McpRun run = CallAndSignal(SIGTERM);
  ASSERT_EQ(run.process.term_signal, 0) << "kosmo died of the signal: " << run.Describe();
  EXPECT_EQ(run.exit_code(), 143) << run.Describe();
  EXPECT_EQ(run.error_code(), "interrupted");
  EXPECT_EQ(run.error(), "Interrupted by SIGTERM");
  EXPECT_EQ(run.output(), "calling");
  EXPECT_LT(run.process.wall_seconds, 10) << run.Describe();
  EXPECT_TRUE(RunningServers().empty());  // and TearDown finds no process at all
}

TEST_F(McpSignalTest, SigintDuringACallEndsWithExit130) {
  McpRun run = CallAndSignal(SIGINT);
  ASSERT_EQ(run.process.term_signal, 0) << "kosmo died of the signal: " << run.Describe();
  EXPECT_EQ(run.exit_code(), 130) << run.Describe();
  EXPECT_EQ(run.error_code(), "interrupted");
}

TEST_F(McpSignalTest, SigkilledKosmoTakesItsServerAlong) {
  McpRun run = CallAndSignal(SIGKILL);
  EXPECT_EQ(run.process.term_signal, SIGKILL) << run.Describe();
  std::vector<std::string> left = RunningServers();
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (!left.empty() && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    left = RunningServers();
  }
  EXPECT_TRUE(left.empty()) << "still running 5 s after kosmo was killed: " << left.front();
}

}  // namespace
}  // namespace kosmo::e2e
