// A stdout that cannot be written is a failure, never a silent success or a SIGPIPE death:
// every command exits 5 with the reason on stderr (lib/cli/stdout_writer.h). A case file cannot
// express these streams: stdout is /dev/full (a full disk), or a pipe whose read end was closed
// before kosmo started (a reader that has gone).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "e2e/kosmo_process.h"

namespace kosmo::e2e {
namespace {

struct StdoutCase {
  const char* name;
  std::vector<std::string> args;
  StdoutMode mode;
  std::vector<std::string> stderr_has;
};

void PrintTo(const StdoutCase& c, std::ostream* os) { *os << c.name; }

constexpr const char kFull[] = "Error: cannot write to stdout: No space left on device";
constexpr const char kGone[] = "Error: cannot write to stdout: Broken pipe";

const std::vector<StdoutCase>& Cases() {
  static const std::vector<StdoutCase> cases = {
      {"EnvelopeFullDisk",
       {"integrations:lua", "--json", "--eval", "return 1"},
       StdoutMode::kDevFull,
       {kFull}},
      {"PlainResultFullDisk",
       {"mcp:lua", "--eval", "print('out') return 'x'"},
       StdoutMode::kDevFull,
       {kFull}},
      // The envelope is lost, so the run's own error is kept on stderr.
      {"FailedRunFullDisk",
       {"integrations:lua", "--json", "--eval", "error('boom')"},
       StdoutMode::kDevFull,
       {kFull, "boom"}},
      {"CompanionJsonFullDisk", {"integrations:list", "--json"}, StdoutMode::kDevFull, {kFull}},
      {"CompanionPlainFullDisk", {"mcp:list"}, StdoutMode::kDevFull, {kFull}},
      {"CallEnvelopeFullDisk",
       {"integrations:call", "nosuch.function", "--json"},
       StdoutMode::kDevFull,
       {kFull}},
      {"HelpFullDisk", {"--help"}, StdoutMode::kDevFull, {kFull}},
      {"CommandHelpFullDisk", {"integrations:lua", "--help"}, StdoutMode::kDevFull, {kFull}},
      {"EnvelopeReaderGone",
       {"integrations:lua", "--json", "--eval", "return 1"},
       StdoutMode::kClosedPipe,
       {kGone}},
      {"PlainResultReaderGone",
       {"integrations:lua", "--eval", "return string.rep('x', 1000000)"},
       StdoutMode::kClosedPipe,
       {kGone}},
      {"CompanionReaderGone", {"integrations:docs", "sinch"}, StdoutMode::kClosedPipe, {kGone}},
      {"VersionReaderGone", {"--version"}, StdoutMode::kClosedPipe, {kGone}},
  };
  return cases;
}

class StdoutFailure : public ::testing::TestWithParam<StdoutCase> {};

TEST_P(StdoutFailure, ExitsFiveWithTheReasonOnStderr) {
  const StdoutCase& c = GetParam();
  ProcessOptions options;
  options.args = c.args;
  options.minimal_env = true;
  options.measure_child_rss = false;
  options.stdout_mode = c.mode;
  options.timeout_seconds = 30;
  const ProcessResult run = RunKosmo(options);
  ASSERT_TRUE(run.exited_normally()) << run.Describe() << "\nstderr: " << run.err;
  EXPECT_EQ(run.exit_code, 5) << "stderr: " << run.err;
  for (const std::string& text : c.stderr_has) {
    EXPECT_NE(run.err.find(text), std::string::npos) << "stderr lacks '" << text << "':\n"
                                                     << run.err;
  }
}

INSTANTIATE_TEST_SUITE_P(Streams, StdoutFailure, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<StdoutCase>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace kosmo::e2e
