#include "lib/config/config_update.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <stdexcept>

#include "test/unit/test_files.h"

namespace kosmo::config {
namespace {
namespace fs = std::filesystem;

class ConfigUpdate : public ::testing::Test {
 protected:
  kosmo::testing::TempDir temp_{"kosmo-config-update"};
  fs::path file_ = temp_.path() / "home" / "config.yaml";
};

TEST_F(ConfigUpdate, ChangesTheFileAsItIsNowNotAsACommandFirstReadIt) {
  KosmoConfig stale = KosmoConfig::load(file_);  // what a command read when it started
  fs::create_directories(file_.parent_path());
  std::ofstream(file_) << "integrations:\n  sinch:\n    accounts:\n      a: {api_token: one}\n";
  const KosmoConfig updated = update_config_file(file_, [](KosmoConfig& current) {
    current.set_account_value("sinch", "b", "api_token", "two");
    return true;
  });
  const KosmoConfig reread = KosmoConfig::load(file_);
  EXPECT_EQ(reread.account_value("sinch", "a", "api_token"), "one");
  EXPECT_EQ(reread.account_value("sinch", "b", "api_token"), "two");
  EXPECT_EQ(updated.account_value("sinch", "a", "api_token"), "one");
  EXPECT_FALSE(stale.has_account("sinch", "a"));
}

TEST_F(ConfigUpdate, CreatesTheDirectoryAndALockFileOwnerOnly) {
  update_config_file(file_, [](KosmoConfig& current) {
    current.set_enabled("sinch", true);
    return true;
  });
  struct stat info {};
  ASSERT_EQ(::stat(file_.parent_path().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700u);
  ASSERT_EQ(::stat((file_.string() + ".lock").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST_F(ConfigUpdate, WritesNothingWhenTheChangeDeclinesOrThrows) {
  update_config_file(file_, [](KosmoConfig&) { return false; });
  EXPECT_FALSE(fs::exists(file_));
  EXPECT_THROW(update_config_file(file_,
                                  [](KosmoConfig& current) -> bool {
                                    current.set_enabled("sinch", true);
                                    throw std::invalid_argument("bad account name");
                                  }),
               std::invalid_argument);
  EXPECT_FALSE(fs::exists(file_));
}

}  // namespace
}  // namespace kosmo::config
