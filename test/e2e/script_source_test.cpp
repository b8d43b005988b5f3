// Reading the script is bounded by the run's --timeout. A FIFO is what a case file cannot make:
// opened for reading with no writer, it blocked kosmo before the sandbox (and its timeout)
// existed.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>

#include "e2e/kosmo_process.h"
#include "e2e/temp_dir.h"

namespace kosmo::e2e {
namespace {

ProcessResult RunWithScript(const std::string& script_path) {
  ProcessOptions options;
  options.args = {"integrations:lua", "--json", "--timeout", "1", script_path};
  options.minimal_env = true;
  options.measure_child_rss = false;
  options.timeout_seconds = 30;  // the harness's kill: far beyond the bound asserted below
  return RunKosmo(options);
}

TEST(ScriptSource, AFifoWithoutAWriterEndsAtTheRunTimeout) {
  TempDir dir("kosmo-e2e-fifo-");
  const std::string fifo = dir.path() + "/script.lua";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const ProcessResult run = RunWithScript(fifo);
  ASSERT_TRUE(run.exited_normally()) << run.Describe();
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  EXPECT_LT(run.wall_seconds, 10.0) << "the 1 s --timeout must bound the read";
  rapidjson::Document envelope;
  std::string why;
  ASSERT_TRUE(ParseSingleJson(run.out, &envelope, &why)) << why;
  EXPECT_STREQ(envelope["error_code"].GetString(), "timeout");
  EXPECT_EQ(std::string(envelope["error"].GetString()),
            "Timed out after 1 s while reading the Lua code from " + fifo);
}

}  // namespace
}  // namespace kosmo::e2e
