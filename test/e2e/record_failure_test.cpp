// --record whose cassette cannot be written. Checked before the run (the cases record_*_is_usage_
// error); here what a case cannot set up: a cassette directory that is replaced by a file while
// the run waits on a stalled request, so the check before passes and the write at the end
// fails (as on a disk that fills up meanwhile); and a FIFO as the cassette.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "e2e/integration_harness.h"
#include "lib/common/file_read.h"

namespace kosmo::e2e {
namespace {

namespace fs = std::filesystem;

class RecordFailure : public IntegrationTest {
 protected:
  RecordFailure() : folder_(scratch_.path() + "/cassettes"), cassette_(folder_ + "/run.json") {
    fs::create_directory(folder_);
    // The request stalls; while it does, the cassette's directory becomes a regular file, so
    // the write at the end fails with ENOTDIR, whoever runs the test (root included).
    server().inject(fakes::faults::Stall(1), SinchPath("/groups"));
    OnStarted([this](pid_t) {
      const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(15);
      while (server().request_count() == 0 && std::chrono::steady_clock::now() < limit) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      fs::remove_all(folder_);
      std::ofstream(folder_) << "not a directory any more";
    });
  }

  TempDir scratch_{"kosmo-e2e-record-"};
  std::string folder_;
  std::string cassette_;
};

constexpr const char kScript[] =
    "print('before') local count = app.integrations.sinch.list_groups().count print('after') "
    "return count";

TEST_F(RecordFailure, ASuccessfulRunWhoseCassetteCannotBeWrittenFailsWithConfigError) {
  const KosmoRun run = Run(
      {"integrations:lua", "--json", "--timeout", "20", "--record", cassette_, "--eval", kScript});
  ASSERT_EQ(run.exit_code(), 5) << run.Describe();
  EXPECT_EQ(run.error_code(), "config_error");
  EXPECT_NE(run.error().find("could not be recorded"), std::string::npos) << run.error();
  EXPECT_NE(run.error().find(cassette_), std::string::npos) << run.error();
  EXPECT_NE(run.error().find("Not a directory"), std::string::npos) << run.error();
  // What the run did is still reported: its output and its (successful) call.
  EXPECT_EQ(std::string(run.envelope["output"].GetString()), "before\nafter");
  ASSERT_EQ(run.call_count(), 1u);
  EXPECT_STREQ((*run.call())["status"].GetString(), "ok");
  EXPECT_TRUE(run.envelope["result"].Empty()) << "a failed run's result is []";
}

TEST_F(RecordFailure, PlainModeSaysWhyOnStderrAndKeepsTheOutput) {
  const KosmoRun run =
      Run({"integrations:lua", "--timeout", "20", "--record", cassette_, "--eval", kScript});
  ASSERT_EQ(run.exit_code(), 5) << run.Describe();
  EXPECT_EQ(run.process.out, "before\nafter\n");
  EXPECT_NE(run.process.err.find("Error: The run's HTTP exchanges could not be recorded"),
            std::string::npos)
      << run.process.err;
}

TEST_F(RecordFailure, ASuccessfulCallWhoseCassetteCannotBeWrittenFailsWithConfigError) {
  const KosmoRun run =
      Run({"integrations:call", "sinch.list_groups", "--json", "--record", cassette_});
  ASSERT_EQ(run.exit_code(), 5) << run.Describe();
  EXPECT_EQ(run.error_code(), "config_error");
  EXPECT_NE(run.error().find(cassette_), std::string::npos) << run.error();
  ASSERT_EQ(run.call_count(), 1u);
  EXPECT_STREQ((*run.call())["status"].GetString(), "ok");
}

class RecordRepl : public IntegrationTest {};

TEST_F(RecordRepl, TheReplWritesItsCassetteWhenItEnds) {
  TempDir scratch("kosmo-e2e-record-repl-");
  const std::string cassette = scratch.path() + "/repl.json";
  const KosmoRun run = Run({"integrations:lua", "--repl", "--timeout", "20", "--record", cassette},
                           "app.integrations.sinch.list_groups().count\n:quit\n");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  const std::string written = read_file(cassette).text;
  EXPECT_NE(written.find("\"path\": \"/groups\""), std::string::npos) << written;
}

TEST(RecordTarget, AFifoIsRefusedBeforeTheRunAndLeftInPlace) {
  TempDir dir("kosmo-e2e-record-fifo-");
  const std::string fifo = dir.path() + "/cassette.json";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  ProcessOptions options;
  options.args = {"integrations:lua", "--json", "--record", fifo, "--eval", "return 1"};
  options.minimal_env = true;
  options.measure_child_rss = false;
  options.timeout_seconds = 30;
  const ProcessResult run = RunKosmo(options);
  ASSERT_TRUE(run.exited_normally()) << run.Describe();
  EXPECT_EQ(run.exit_code, 2) << run.out;
  EXPECT_NE(run.out.find("it is not a regular file"), std::string::npos) << run.out;
  EXPECT_TRUE(fs::is_fifo(fifo)) << "the FIFO was replaced";
}

}  // namespace
}  // namespace kosmo::e2e
