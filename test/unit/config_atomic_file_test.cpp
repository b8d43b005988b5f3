#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "lib/config/atomic_file.h"
#include "test/unit/test_files.h"

namespace kosmo::config {
namespace {
namespace fs = std::filesystem;
using kosmo::testing::read_file;

class TempDir : public kosmo::testing::TempDir {
 public:
  TempDir() : kosmo::testing::TempDir("kosmo-config-atomic") {}
};
using ::testing::ElementsAre;
using ::testing::HasSubstr;

mode_t mode_of(const fs::path& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class ConfigAtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(temp_.path().empty());
    old_umask_ = ::umask(022);  // a typical umask, which must not widen or narrow 0600
  }
  void TearDown() override { ::umask(old_umask_); }

  TempDir temp_;
  mode_t old_umask_ = 0;
};

TEST_F(ConfigAtomicFileTest, WritesContentsWithOwnerOnlyMode) {
  const fs::path file = temp_.path() / "config.yaml";
  write_file_atomically(file, "integrations: {}\n");
  EXPECT_EQ(read_file(file), "integrations: {}\n");
  EXPECT_EQ(mode_of(file), 0600u);
  EXPECT_THAT(entries(temp_.path()), ElementsAre("config.yaml"));
}

TEST_F(ConfigAtomicFileTest, ReplacesAnExistingFileAndTightensItsMode) {
  const fs::path file = temp_.path() / "config.yaml";
  std::ofstream(file) << "old contents that are longer than the new ones\n";
  fs::permissions(file, fs::perms(0644));
  write_file_atomically(file, "new\n");
  EXPECT_EQ(read_file(file), "new\n");
  EXPECT_EQ(mode_of(file), 0600u);
  EXPECT_THAT(entries(temp_.path()), ElementsAre("config.yaml"));
}

TEST_F(ConfigAtomicFileTest, HonoursAnExplicitMode) {
  const fs::path file = temp_.path() / "notes.txt";
  write_file_atomically(file, "public", 0644);
  EXPECT_EQ(mode_of(file), 0644u);
}

TEST_F(ConfigAtomicFileTest, CreatesMissingParentsOwnerOnly) {
  const fs::path file = temp_.path() / "home" / ".kosmo" / "config.yaml";
  write_file_atomically(file, "x: 1\n");
  EXPECT_EQ(read_file(file), "x: 1\n");
  EXPECT_EQ(mode_of(temp_.path() / "home"), 0700u);
  EXPECT_EQ(mode_of(temp_.path() / "home" / ".kosmo"), 0700u);
  EXPECT_THAT(entries(file.parent_path()), ElementsAre("config.yaml"));
}

TEST_F(ConfigAtomicFileTest, WritesEmptyContents) {
  const fs::path file = temp_.path() / "empty";
  write_file_atomically(file, "");
  EXPECT_TRUE(fs::exists(file));
  EXPECT_EQ(fs::file_size(file), 0u);
}

TEST_F(ConfigAtomicFileTest, ReplacesTheTargetOfASymlink) {
  fs::create_directories(temp_.path() / "dotfiles");
  const fs::path real = temp_.path() / "dotfiles" / "config.yaml";
  const fs::path link = temp_.path() / "config.yaml";
  std::ofstream(real) << "old\n";
  fs::create_symlink(real, link);
  write_file_atomically(link, "new\n");
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(read_file(real), "new\n");
  EXPECT_THAT(entries(temp_.path() / "dotfiles"), ElementsAre("config.yaml"));
}

TEST_F(ConfigAtomicFileTest, FailureNamesThePathAndLeavesNoTemporaryFile) {
  std::ofstream(temp_.path() / "blocker") << "a file where a directory should be";
  const fs::path file = temp_.path() / "blocker" / "config.yaml";
  try {
    write_file_atomically(file, "x");
    FAIL() << "expected AtomicWriteError";
  } catch (const AtomicWriteError& e) {
    EXPECT_THAT(e.what(), HasSubstr(file.string()));
    EXPECT_EQ(e.path(), file);
    EXPECT_TRUE(e.code());
  }
  EXPECT_THAT(entries(temp_.path()), ElementsAre("blocker"));
}

TEST_F(ConfigAtomicFileTest, RenameFailureRemovesTheTemporaryFile) {
  const fs::path target = temp_.path() / "config.yaml";
  fs::create_directories(target / "occupied");  // a non-empty directory cannot be renamed over
  EXPECT_THROW(write_file_atomically(target, "x"), AtomicWriteError);
  EXPECT_THAT(entries(temp_.path()), ElementsAre("config.yaml"));
}

TEST_F(ConfigAtomicFileTest, PathWithoutAFileNameIsAnError) {
  EXPECT_THROW(write_file_atomically(temp_.path() / "sub" / "", "x"), AtomicWriteError);
  EXPECT_THROW(write_file_atomically("", "x"), AtomicWriteError);
  EXPECT_THAT(entries(temp_.path()), ::testing::IsEmpty());
}

TEST_F(ConfigAtomicFileTest, UnwritableDirectoryIsAnError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions";
  fs::permissions(temp_.path(), fs::perms(0500));
  EXPECT_THROW(write_file_atomically(temp_.path() / "config.yaml", "x"), AtomicWriteError);
}

TEST_F(ConfigAtomicFileTest, NeverReplacesAFifo) {
  const fs::path fifo = temp_.path() / "cassette.json";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_THROW(write_file_atomically(fifo, "x"), AtomicWriteError);
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_THAT(entries(temp_.path()), ElementsAre("cassette.json"));
}

TEST_F(ConfigAtomicFileTest, WriteProblemIsNoneForANewFileEvenInMissingDirectories) {
  EXPECT_EQ(atomic_write_problem(temp_.path() / "run.json"), std::nullopt);
  EXPECT_EQ(atomic_write_problem(temp_.path() / "new" / "deeper" / "run.json"), std::nullopt);
  EXPECT_THAT(entries(temp_.path()), ::testing::IsEmpty()) << "the check leaves nothing behind";
}

TEST_F(ConfigAtomicFileTest, WriteProblemNamesWhatCannotBeReplaced) {
  const fs::path fifo = temp_.path() / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(atomic_write_problem(temp_.path()), "it is a directory");
  EXPECT_EQ(atomic_write_problem(fifo), "it is not a regular file");
  EXPECT_EQ(atomic_write_problem("/dev/null"), "it is not a regular file");
  EXPECT_EQ(atomic_write_problem(temp_.path() / "sub" / ""), "it names no file");
}

TEST_F(ConfigAtomicFileTest, WriteProblemTriesToCreateAFileWherePermissionsDoNotTell) {
  std::ofstream(temp_.path() / "plain") << "x";
  EXPECT_THAT(atomic_write_problem(temp_.path() / "plain" / "run.json").value_or(""),
              HasSubstr("Not a directory"));
  // Root may write anywhere by its permissions, yet /proc takes no new file.
  EXPECT_THAT(atomic_write_problem("/proc/version").value_or(""),
              HasSubstr("no file can be created in /proc"));
}

}  // namespace
}  // namespace kosmo::config
