#include <gtest/gtest.h>
#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>

#include "lib/config/paths.h"
#include "test/unit/test_files.h"

namespace kosmo::config {
namespace {
namespace fs = std::filesystem;
using kosmo::testing::read_file;

class TempDir : public kosmo::testing::TempDir {
 public:
  TempDir() : kosmo::testing::TempDir("kosmo-config-paths") {}
};

TEST(ConfigPathsTest, KosmoHomeComesFromKosmoHome) {
  MapEnvironment env({{"KOSMO_HOME", "/srv/kosmo"}, {"HOME", "/home/ada"}});
  EXPECT_EQ(kosmo_home(env), fs::path("/srv/kosmo"));
  EXPECT_EQ(config_file(env), fs::path("/srv/kosmo/config.yaml"));
  EXPECT_EQ(user_mcp_file(env), fs::path("/srv/kosmo/mcp.json"));
}

TEST(ConfigPathsTest, KosmoHomeDefaultsToDotKosmoInHome) {
  MapEnvironment env({{"HOME", "/home/ada"}});
  EXPECT_EQ(kosmo_home(env), fs::path("/home/ada/.kosmo"));
  EXPECT_EQ(config_file(env), fs::path("/home/ada/.kosmo/config.yaml"));
}

TEST(ConfigPathsTest, EmptyKosmoHomeCountsAsUnset) {
  MapEnvironment env({{"KOSMO_HOME", ""}, {"HOME", "/home/ada"}});
  EXPECT_EQ(kosmo_home(env), fs::path("/home/ada/.kosmo"));
}

TEST(ConfigPathsTest, WithoutHomeFallsBackToThePasswdEntry) {
  const struct passwd* entry = getpwuid(getuid());
  if (entry == nullptr || entry->pw_dir == nullptr || entry->pw_dir[0] == '\0') {
    GTEST_SKIP() << "this user has no passwd home directory";
  }
  MapEnvironment env;
  EXPECT_EQ(kosmo_home(env), fs::path(entry->pw_dir) / ".kosmo");
}

TEST(ConfigPathsTest, ProjectRootIsTheNearestAncestorWithGit) {
  TempDir temp;
  ASSERT_FALSE(temp.path().empty());
  fs::create_directories(temp.path() / "repo" / ".git");
  fs::create_directories(temp.path() / "repo" / "src" / "deep");
  EXPECT_EQ(project_root(temp.path() / "repo" / "src" / "deep"), temp.path() / "repo");
  EXPECT_EQ(project_root(temp.path() / "repo"), temp.path() / "repo");
  EXPECT_EQ(project_root(temp.path() / "repo" / "src" / "deep" / ""), temp.path() / "repo");
}

TEST(ConfigPathsTest, GitFileMarksAWorktreeRoot) {
  TempDir temp;
  ASSERT_FALSE(temp.path().empty());
  fs::create_directories(temp.path() / "outer" / ".git");
  fs::create_directories(temp.path() / "outer" / "worktree" / "lib");
  std::ofstream(temp.path() / "outer" / "worktree" / ".git") << "gitdir: /elsewhere\n";
  EXPECT_EQ(project_root(temp.path() / "outer" / "worktree" / "lib"),
            temp.path() / "outer" / "worktree");
}

TEST(ConfigPathsTest, ProjectRootIsCwdOutsideAnyRepository) {
  TempDir temp;
  ASSERT_FALSE(temp.path().empty());
  for (fs::path dir = temp.path(); dir != dir.root_path(); dir = dir.parent_path()) {
    if (fs::exists(dir / ".git")) GTEST_SKIP() << "the temp directory is inside a repository";
  }
  fs::create_directories(temp.path() / "plain" / "sub");
  EXPECT_EQ(project_root(temp.path() / "plain" / "sub"), temp.path() / "plain" / "sub");
}

TEST(ConfigPathsTest, ProjectRootOfARelativePathIsAbsolute) {
  EXPECT_TRUE(project_root(".").is_absolute());
}

TEST(ConfigPathsTest, ProjectFilesLiveUnderTheRoot) {
  EXPECT_EQ(project_config_file("/p"), fs::path("/p/.kosmo/config.yaml"));
  const std::vector<fs::path> expected = {"/p/.vscode/mcp.json", "/p/.cursor/mcp.json",
                                          "/p/.mcp.json"};
  EXPECT_EQ(project_mcp_files("/p"), expected);
}

}  // namespace
}  // namespace kosmo::config
