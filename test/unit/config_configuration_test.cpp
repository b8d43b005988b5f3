// The configuration a command runs with: the user's config.yaml and the project's
// .kosmo/config.yaml, which may only narrow permissions.
#include <gtest/gtest.h>

#include <fstream>

#include "lib/config/configuration.h"
#include "test/unit/test_files.h"

namespace kosmo::config {
namespace {

namespace fs = std::filesystem;

class ConfigurationTest : public ::testing::Test {
 protected:
  ConfigurationTest() : env_({{"KOSMO_HOME", (dir_.path() / "home").string()}}) {
    fs::create_directories(project_ / ".git");
  }

  void write(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
  }
  fs::path user_file() const { return dir_.path() / "home" / "config.yaml"; }
  fs::path project_file() const { return project_ / ".kosmo" / "config.yaml"; }
  Configuration load() const { return Configuration::load(env_, project_ / "src"); }

  testing::TempDir dir_;
  fs::path project_ = dir_.path() / "repo";
  MapEnvironment env_;
};

TEST_F(ConfigurationTest, NoFilesMeansDefaults) {
  const Configuration config = load();
  EXPECT_FALSE(config.failure());
  EXPECT_EQ(config.project(), nullptr);
  EXPECT_EQ(config.policy().permission("sinch", Operation::kWrite), Permission::kAsk);
}

TEST_F(ConfigurationTest, TheProjectFileAtTheGitRootNarrowsTheUsersPolicy) {
  write(user_file(), "integrations:\n  sinch:\n    permissions: {read: allow, write: allow}\n");
  write(project_file(), "integrations:\n  sinch:\n    permissions: {read: deny}\n");
  const Configuration config = load();
  ASSERT_FALSE(config.failure());
  ASSERT_NE(config.project(), nullptr);
  EXPECT_EQ(config.project()->file(), project_file());
  const EffectivePermission read = config.policy().effective("sinch", Operation::kRead);
  EXPECT_EQ(read.permission, Permission::kDeny);
  EXPECT_EQ(read.source, PermissionSource::kProject);
  EXPECT_EQ(config.policy().effective("sinch", Operation::kWrite).source, PermissionSource::kUser);
}

TEST_F(ConfigurationTest, AMalformedProjectFileIsAConfigFailureNamingIt) {
  write(project_file(), "integrations:\n  sinch:\n    permissions: {read: maybe}\n");
  const Configuration config = load();
  ASSERT_TRUE(config.failure());
  EXPECT_EQ(config.failure()->code, ErrorCode::kConfig);
  EXPECT_NE(config.failure()->message.find(project_file().string()), std::string::npos);
}

TEST_F(ConfigurationTest, AMalformedUserFileIsAConfigFailureToo) {
  write(user_file(), "integrations: [\n");
  const Configuration config = load();
  ASSERT_TRUE(config.failure());
  EXPECT_NE(config.failure()->message.find(user_file().string()), std::string::npos);
}

TEST_F(ConfigurationTest, WhatAProjectMayNotDecideIsListedAndNotUsed) {
  write(project_file(),
        "integrations:\n  sinch:\n    enabled: true\n    accounts: {default: {api_token: x}}\n"
        "mcp:\n  trusted: {tools: abc}\n");
  const Configuration config = load();
  EXPECT_EQ(config.ignored_project_settings(),
            (std::vector<std::string>{"integrations.sinch.enabled", "integrations.sinch.accounts",
                                      "mcp.trusted"}));
  EXPECT_FALSE(config.user().has_account("sinch", "default"));
  EXPECT_EQ(config.user().trusted_fingerprint("tools"), std::nullopt);
}

TEST_F(ConfigurationTest, AHomeInsideTheProjectIsReadOnceAsTheUsersFile) {
  MapEnvironment env({{"KOSMO_HOME", (project_ / ".kosmo").string()}});
  write(project_file(), "integrations:\n  sinch:\n    permissions: {write: allow}\n");
  const Configuration config = Configuration::load(env, project_);
  EXPECT_EQ(config.project(), nullptr);
  EXPECT_EQ(config.policy().effective("sinch", Operation::kWrite).source, PermissionSource::kUser);
}

}  // namespace
}  // namespace kosmo::config
