#include "lib/common/file_read.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "test/unit/test_files.h"

namespace kosmo {
namespace {
namespace fs = std::filesystem;

void write_bytes(const fs::path& file, const std::string& bytes) {
  std::ofstream out(file, std::ios::binary);
  out << bytes;
}

// A deadline that has already passed.
Deadline spent() { return Deadline::after(0.0); }

TEST(FileRead, ReadsAWholeFile) {
  testing::TempDir dir("kosmo-file-read");
  const std::string bytes(200 * 1024 + 7, 'x');  // several read chunks
  write_bytes(dir.path() / "f", bytes);
  const ReadResult read = read_file(dir.path() / "f");
  ASSERT_TRUE(read.ok()) << read.problem();
  EXPECT_EQ(read.text, bytes);
}

TEST(FileRead, AFileOfExactlyTheCapIsAcceptedOneByteMoreIsTooLarge) {
  testing::TempDir dir("kosmo-file-read");
  write_bytes(dir.path() / "exact", std::string(100, 'a'));
  write_bytes(dir.path() / "over", std::string(101, 'a'));
  ReadLimits limits;
  limits.max_bytes = 100;
  EXPECT_TRUE(read_file(dir.path() / "exact", limits).ok());
  const ReadResult over = read_file(dir.path() / "over", limits);
  EXPECT_EQ(over.status, ReadStatus::kTooLarge);
  EXPECT_EQ(over.problem(limits), "larger than 100 bytes");
}

TEST(FileRead, AnEndlessDeviceStopsAtTheCap) {
  ReadLimits limits;
  limits.max_bytes = 1 << 20;
  EXPECT_EQ(read_file("/dev/zero", limits).status, ReadStatus::kTooLarge);
}

TEST(FileRead, MissingFilesAndDirectoriesAreNamedAsSuch) {
  testing::TempDir dir("kosmo-file-read");
  EXPECT_EQ(read_file(dir.path() / "absent").status, ReadStatus::kNotFound);
  const ReadResult directory = read_file(dir.path());
  EXPECT_EQ(directory.status, ReadStatus::kIsDirectory);
  EXPECT_EQ(directory.problem(), "Is a directory");
}

TEST(FileRead, AFifoWithoutAWriterEndsAtTheDeadline) {
  testing::TempDir dir("kosmo-file-read");
  const fs::path fifo = dir.path() / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  ReadLimits limits;
  limits.deadline = Deadline::after(0.05);
  EXPECT_EQ(read_file(fifo, limits).status, ReadStatus::kTimedOut);
}

TEST(FileRead, APipeThatStaysOpenEndsAtTheDeadlineWithWhatArrived) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ASSERT_EQ(::write(fds[1], "partial", 7), 7);
  ReadLimits limits;
  limits.deadline = Deadline::after(0.05);
  const ReadResult read = read_descriptor(fds[0], limits);
  EXPECT_EQ(read.status, ReadStatus::kTimedOut);
  EXPECT_EQ(read.text, "partial");
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST(FileRead, ASpentDeadlineTimesOutEvenWhenDataIsWaiting) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ASSERT_EQ(::write(fds[1], "data", 4), 4);
  ReadLimits limits;
  limits.deadline = spent();
  EXPECT_EQ(read_descriptor(fds[0], limits).status, ReadStatus::kTimedOut);
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST(FileRead, APipeReadsToItsEnd) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ASSERT_EQ(::write(fds[1], "all of it", 9), 9);
  ::close(fds[1]);
  const ReadResult read = read_descriptor(fds[0]);
  EXPECT_TRUE(read.ok());
  EXPECT_EQ(read.text, "all of it");
  ::close(fds[0]);
}

TEST(FileRead, AClosedDescriptorFails) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[0]);
  ::close(fds[1]);
  const ReadResult read = read_descriptor(fds[0]);
  EXPECT_EQ(read.status, ReadStatus::kFailed);
  EXPECT_EQ(read.error, EBADF);
}

}  // namespace
}  // namespace kosmo
