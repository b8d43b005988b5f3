#include "lib/cli/live_progress.h"

#include <gtest/gtest.h>

namespace kosmo::cli {
namespace {

ProgressSituation Terminal(bool json) {
  ProgressSituation situation;
  situation.json = json;
  situation.stderr_terminal = true;
  situation.term = "xterm";
  return situation;
}

TEST(ChooseProgressTest, JsonOnATerminalStreamsPrintsAndShowsTheStatus) {
  const ProgressChoice choice = choose_progress(Terminal(true));
  EXPECT_TRUE(choice.stream_prints);
  EXPECT_TRUE(choice.status_line);
}

TEST(ChooseProgressTest, PlainOutputOnATerminalShowsOnlyTheStatus) {
  const ProgressChoice choice = choose_progress(Terminal(false));
  EXPECT_FALSE(choice.stream_prints);  // stdout gets the lines at the end, as before
  EXPECT_TRUE(choice.status_line);
}

TEST(ChooseProgressTest, APipeGetsNothingUnlessProgressIsAskedFor) {
  ProgressSituation piped;
  piped.json = true;
  EXPECT_FALSE(choose_progress(piped).any());
  piped.progress_flag = true;
  EXPECT_TRUE(choose_progress(piped).stream_prints);
  EXPECT_FALSE(choose_progress(piped).status_line);
}

TEST(ChooseProgressTest, QuietDumbTerminalsJsonLogsAndTheReplTurnThingsOff) {
  ProgressSituation quiet = Terminal(true);
  quiet.log.quiet = true;
  EXPECT_FALSE(choose_progress(quiet).any());
  quiet.progress_flag = true;  // asked for explicitly: the lines, still no status line
  EXPECT_TRUE(choose_progress(quiet).stream_prints);
  EXPECT_FALSE(choose_progress(quiet).status_line);

  ProgressSituation dumb = Terminal(true);
  dumb.term = "dumb";
  EXPECT_FALSE(choose_progress(dumb).status_line);

  ProgressSituation json_logs = Terminal(true);
  json_logs.log.format = LogFormat::kJson;
  EXPECT_FALSE(choose_progress(json_logs).status_line);

  ProgressSituation repl = Terminal(false);
  repl.repl = true;
  repl.progress_flag = true;
  EXPECT_FALSE(choose_progress(repl).any());
}

TEST(LiveProgressTest, StatusCountsCallsAndNamesTheOneInProgress) {
  http::Redactor redactor;
  LiveProgress progress(ProgressChoice{}, LogSettings{}, redactor);
  const auto now = std::chrono::steady_clock::now();
  EXPECT_NE(progress.status_text(now).find(", 0 calls"), std::string::npos);
  progress.call_started("integrations.sinch.list_groups");
  progress.call_finished("integrations.sinch.list_groups");
  progress.call_started("mcp.fs.read_file");
  const std::string status = progress.status_text(std::chrono::steady_clock::now());
  EXPECT_EQ(status.rfind("kosmo: ", 0), 0u) << status;
  EXPECT_NE(status.find(", 1 call, in app.mcp.fs.read_file for "), std::string::npos) << status;
  progress.call_finished("mcp.fs.read_file");
  EXPECT_NE(progress.status_text(std::chrono::steady_clock::now()).find(", 2 calls"),
            std::string::npos);
  EXPECT_EQ(progress.status_text(std::chrono::steady_clock::now()).find(" in "), std::string::npos);
}

}  // namespace
}  // namespace kosmo::cli
