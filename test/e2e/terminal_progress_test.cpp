// Live progress on a terminal (issue #16): with stderr on a pseudo-terminal, printed lines
// appear there while the script still runs, a status line shows the call in progress and is
// erased before kosmo exits, NO_COLOR keeps it plain, and --quiet shows nothing. The absence of
// all of it when stderr is a pipe is in the cases (progress_*.case).
#include <gtest/gtest.h>
#include <signal.h>

#include <regex>
#include <string>

#include "e2e/kosmo_process.h"
#include "e2e/terminal_run.h"
#include "fakes/fake_vendor_server.h"

namespace kosmo::e2e {
namespace {

// Long enough for several redraws of the status line (every 250 ms) on a loaded machine.
constexpr double kStallSeconds = 3;
constexpr const char kStatusOfTheCall[] = "in app.integrations.sinch.list_groups for ";
constexpr const char kEraseLine[] = "\r\x1b[K";

std::string StringMember(const std::string& json, const char* key) {
  rapidjson::Document document;
  std::string why;
  if (!ParseSingleJson(json, &document, &why) || !document.IsObject()) return "<no envelope>";
  auto it = document.FindMember(key);
  return it != document.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

class TerminalProgressTest : public ::testing::Test {
 protected:
  // A Sinch call that the fake answers kStallSeconds late, on a terminal.
  TerminalRunResult RunStalledCall(std::vector<std::string> flags,
                                   std::vector<std::pair<std::string, std::string>> env = {}) {
    server_.inject(fakes::faults::Stall(kStallSeconds), "/xms/v1/plan1/groups");
    TerminalRunOptions options;
    options.args = {"integrations:lua", "--json", "--timeout", "20", "--eval",
                    "print('before-the-call') return app.integrations.sinch.list_groups().count"};
    options.args.insert(options.args.end(), flags.begin(), flags.end());
    options.env = {{"KOSMO_SINCH_SERVICE_PLAN_ID", "plan1"},
                   {"KOSMO_SINCH_API_TOKEN", "canary-sinch-0c4d8e21"},
                   {"KOSMO_SINCH_BASE_URL", server_.sinch_base_url()},
                   {"TERM", "xterm"}};
    options.env.insert(options.env.end(), env.begin(), env.end());
    return RunKosmoOnTerminal(options);
  }

  fakes::FakeVendorServer server_;
};

TEST(TerminalPrintsTest, PrintedLinesReachTheTerminalWhileTheScriptRuns) {
  bool seen_while_running = false, signalled = false;
  TerminalRunOptions options;
  options.args = {"integrations:lua", "--json",   "--cpu-limit", "60", "--timeout", "60",
                  "--eval", "print('started-7f') local n = 0 while true do n = n + 1 end"};
  // The line on the terminal while kosmo is still in its endless loop can only have been
  // streamed; then SIGTERM ends the run, which still writes its envelope.
  options.on_terminal_output = [&](pid_t pid, const std::string& terminal) {
    if (signalled || terminal.find("started-7f\r\n") == std::string::npos) return;
    seen_while_running = true;
    signalled = true;
    kill(pid, SIGTERM);
  };
  // Without streaming nothing ever arrives: end the run anyway so the test fails, not hangs.
  options.while_running = [&](pid_t pid, double elapsed) {
    if (!signalled && elapsed > 10) {
      signalled = true;
      kill(pid, SIGTERM);
    }
  };
  const TerminalRunResult run = RunKosmoOnTerminal(options);
  EXPECT_TRUE(seen_while_running) << run.Describe();
  EXPECT_EQ(run.exit_code, 143) << run.Describe();
  EXPECT_EQ(StringMember(run.out, "output"), "started-7f") << run.Describe();
}

TEST_F(TerminalProgressTest, StatusLineShowsTheCallInProgressAndIsErasedAtTheEnd) {
  const TerminalRunResult run = RunStalledCall({});
  ASSERT_EQ(run.exit_code, 0) << run.Describe();
  EXPECT_NE(run.terminal.find("before-the-call\r\n"), std::string::npos) << run.Describe();
  const size_t last_status = run.terminal.rfind(kStatusOfTheCall);
  ASSERT_NE(last_status, std::string::npos) << run.Describe();
  EXPECT_NE(run.terminal.find("kosmo: "), std::string::npos) << run.Describe();
  EXPECT_NE(run.terminal.find("0 calls, in app.integrations.sinch.list_groups"), std::string::npos)
      << run.Describe();
  // Dim unless NO_COLOR, and erased last: nothing of it stays on the screen.
  EXPECT_NE(run.terminal.find("\x1b[2m"), std::string::npos) << run.Describe();
  const std::string ending = kEraseLine;
  ASSERT_GE(run.terminal.size(), ending.size()) << run.Describe();
  EXPECT_EQ(run.terminal.substr(run.terminal.size() - ending.size()), ending) << run.Describe();
  EXPECT_EQ(run.terminal.find("canary-sinch-0c4d8e21"), std::string::npos) << run.Describe();
}

TEST_F(TerminalProgressTest, NoColorKeepsTheStatusLinePlain) {
  const TerminalRunResult run = RunStalledCall({"-v"}, {{"NO_COLOR", "1"}});
  ASSERT_EQ(run.exit_code, 0) << run.Describe();
  EXPECT_NE(run.terminal.find(kStatusOfTheCall), std::string::npos) << run.Describe();
  EXPECT_NE(run.terminal.find("kosmo info: "), std::string::npos) << run.Describe();
  EXPECT_FALSE(std::regex_search(run.terminal, std::regex("\x1b\\[[0-9;]*m"))) << run.Describe();
}

TEST_F(TerminalProgressTest, LogLinesAreColouredWithoutNoColor) {
  const TerminalRunResult run = RunStalledCall({"-v"});
  ASSERT_EQ(run.exit_code, 0) << run.Describe();
  EXPECT_TRUE(std::regex_search(run.terminal, std::regex("\x1b\\[[0-9;]*m"))) << run.Describe();
  // Log lines are written above the status line, never into it: each starts a line.
  EXPECT_NE(run.terminal.find(std::string(kEraseLine) + "\x1b[32mkosmo info"), std::string::npos)
      << run.Describe();
}

TEST_F(TerminalProgressTest, QuietShowsNeitherLinesNorStatus) {
  const TerminalRunResult run = RunStalledCall({"--quiet"});
  ASSERT_EQ(run.exit_code, 0) << run.Describe();
  EXPECT_EQ(run.terminal, "") << run.Describe();
  EXPECT_EQ(StringMember(run.out, "output"), "before-the-call") << run.Describe();
}

// The last resort (a run stuck in one C call past --timeout, ended from a signal handler)
// erases the status line before its error line, as a normal ending does before its report.
TEST(TerminalLastResortTest, ErasesTheStatusLineBeforeTheError) {
  TerminalRunOptions options;
  options.args = {"integrations:lua", "--progress", "--timeout", "0.8", "--eval",
                  "return string.find(string.rep('a', 40), string.rep('a*', 40) .. 'b')"};
  options.env = {{"TERM", "xterm"}, {"NO_COLOR", "1"}};
  const TerminalRunResult run = RunKosmoOnTerminal(options);
  EXPECT_EQ(run.exit_code, 3) << run.Describe();
  EXPECT_NE(run.terminal.find("kosmo: "), std::string::npos) << run.Describe();
  EXPECT_NE(run.terminal.find(std::string(kEraseLine) +
                              "Error: Timed out after 0.8 s; the script was stuck in a host call"),
            std::string::npos)
      << run.Describe();
}

}  // namespace
}  // namespace kosmo::e2e
