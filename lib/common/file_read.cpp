#include "lib/common/file_read.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstring>

namespace kosmo {
namespace {

constexpr size_t kChunkBytes = 64 * 1024;

enum class Wait { kReady, kTimedOut, kClosed };

// Waits until `fd` can be read without blocking (data, end of file or an error to collect), or
// the deadline passes. A spent deadline times out even when data keeps coming, so a slow
// trickle cannot stretch the run.
Wait wait_readable(int fd, const Deadline& deadline) {
  for (;;) {
    int timeout_ms = -1;
    if (const std::optional<double> left = deadline.remaining()) {
      if (*left <= 0) return Wait::kTimedOut;
      timeout_ms = static_cast<int>(std::min(std::ceil(*left * 1000), double{INT_MAX}));
    }
    struct pollfd entry = {fd, POLLIN, 0};
    const int ready = ::poll(&entry, 1, timeout_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) return Wait::kTimedOut;
    if (ready > 0 && (entry.revents & POLLNVAL) != 0) return Wait::kClosed;
    return Wait::kReady;  // POLLIN, POLLHUP or POLLERR: read() says which
  }
}

// Closes the descriptor read_file opened, whichever way the read ends.
class OwnedFd {
 public:
  explicit OwnedFd(int fd) : fd_(fd) {}
  ~OwnedFd() { ::close(fd_); }
  OwnedFd(const OwnedFd&) = delete;
  OwnedFd& operator=(const OwnedFd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

ReadResult failed(ReadStatus status, int error) {
  ReadResult result;
  result.status = status;
  result.error = error;
  return result;
}

}  // namespace

std::string ReadResult::problem(const ReadLimits& limits) const {
  switch (status) {
    case ReadStatus::kOk:
      return "";
    case ReadStatus::kTooLarge:
      return "larger than " + std::to_string(limits.max_bytes) + " bytes";
    case ReadStatus::kTimedOut:
      return "timed out";
    case ReadStatus::kNotFound:
    case ReadStatus::kIsDirectory:
    case ReadStatus::kFailed:
      break;
  }
  return std::strerror(error);
}

ReadResult read_descriptor(int fd, const ReadLimits& limits) {
  ReadResult result;
  char buffer[kChunkBytes];
  for (;;) {
    const Wait wait = wait_readable(fd, limits.deadline);
    if (wait == Wait::kTimedOut) {
      result.status = ReadStatus::kTimedOut;
      return result;
    }
    if (wait == Wait::kClosed) return failed(ReadStatus::kFailed, EBADF);
    // One byte past the cap is enough to know the input is too large.
    const size_t allowed = limits.max_bytes - result.text.size();
    const size_t want = allowed < kChunkBytes ? allowed + 1 : kChunkBytes;
    const ssize_t n = ::read(fd, buffer, want);
    if (n == 0) return result;
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
      return failed(ReadStatus::kFailed, errno);
    }
    if (static_cast<size_t>(n) > allowed) {
      result.status = ReadStatus::kTooLarge;
      return result;
    }
    result.text.append(buffer, static_cast<size_t>(n));
  }
}

ReadResult read_file(const std::filesystem::path& path, const ReadLimits& limits) {
  // Non-blocking, so opening a FIFO does not wait for a writer past the deadline.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    const int error = errno;
    if (error == ENOENT) return failed(ReadStatus::kNotFound, error);
    if (error == EISDIR) return failed(ReadStatus::kIsDirectory, error);
    return failed(ReadStatus::kFailed, error);
  }
  const OwnedFd owned(fd);
  struct stat info {};
  if (::fstat(fd, &info) != 0) return failed(ReadStatus::kFailed, errno);
  if (S_ISDIR(info.st_mode)) return failed(ReadStatus::kIsDirectory, EISDIR);
  return read_descriptor(fd, limits);
}

}  // namespace kosmo
