// The run flags as the command line sets them: --timeout's default and its 0 for "none".
#include "lib/cli/run_flag_options.h"

#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <vector>

namespace kosmo::cli {
namespace {

RunFlags parsed(std::vector<std::string> args) {
  CLI::App app;
  RunFlags flags;
  add_run_flags(app, flags, {RunFlag::kTimeout});
  std::reverse(args.begin(), args.end());  // CLI11 takes the arguments last first
  app.parse(args);
  return flags;
}

TEST(RunFlagOptionsTest, WithoutTimeoutARunIsBoundedByTheDefault) {
  EXPECT_EQ(parsed({}).run_timeout(), kDefaultRunTimeoutSeconds);
  EXPECT_EQ(kDefaultRunTimeoutSeconds, 300);
}

TEST(RunFlagOptionsTest, TimeoutZeroRemovesTheBound) {
  EXPECT_EQ(parsed({"--timeout", "0"}).run_timeout(), std::nullopt);
}

TEST(RunFlagOptionsTest, AGivenTimeoutIsTheBound) {
  EXPECT_EQ(parsed({"--timeout", "2.5"}).run_timeout(), 2.5);
}

TEST(RunFlagOptionsTest, NegativeTimeoutIsRefused) {
  EXPECT_THROW(parsed({"--timeout", "-1"}), CLI::ValidationError);
}

}  // namespace
}  // namespace kosmo::cli
