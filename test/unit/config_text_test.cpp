#include "lib/config/config_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "test/unit/test_files.h"

namespace kosmo::config {
namespace {
namespace fs = std::filesystem;
using ::testing::HasSubstr;
using Status = ConfigText::Status;

TEST(ConfigTextTest, ReadsAWholeFileAndTellsAMissingOne) {
  kosmo::testing::TempDir temp("kosmo-config-text");
  const fs::path file = temp.path() / "config.yaml";
  std::ofstream(file) << "integrations: {}\n";
  const ConfigText read = read_config_text(file);
  EXPECT_EQ(read.status, Status::kOk);
  EXPECT_EQ(read.text, "integrations: {}\n");
  EXPECT_EQ(read_config_text(temp.path() / "nope.yaml").status, Status::kMissing);
}

TEST(ConfigTextTest, ADirectoryIsAFailure) {
  kosmo::testing::TempDir temp("kosmo-config-text");
  const ConfigText read = read_config_text(temp.path());
  EXPECT_EQ(read.status, Status::kFailed);
  EXPECT_EQ(read.problem, "it is a directory");
}

TEST(ConfigTextTest, AFileOverTheLimitIsRefusedWithItsSizeAndTheLimit) {
  kosmo::testing::TempDir temp("kosmo-config-text");
  const fs::path file = temp.path() / "mcp.json";
  std::ofstream(file) << std::string(kMaxConfigFileBytes + 1, ' ');
  const ConfigText read = read_config_text(file);
  EXPECT_EQ(read.status, Status::kFailed);
  EXPECT_EQ(read.problem, "it is 1048577 bytes; config files are limited to 1048576 bytes (1 MiB)");
  EXPECT_TRUE(read.text.empty());

  std::ofstream(file, std::ios::trunc) << std::string(kMaxConfigFileBytes, ' ');
  EXPECT_EQ(read_config_text(file).status, Status::kOk) << "the limit itself is allowed";
}

TEST(ConfigTextTest, AFileWithoutASizeIsReadOnlyUpToTheLimit) {
  const ConfigText read = read_config_text("/dev/zero", 4096);
  EXPECT_EQ(read.status, Status::kFailed);
  EXPECT_THAT(read.problem, HasSubstr("went past the limit: config files are limited to 4096"));
}

}  // namespace
}  // namespace kosmo::config
