#include "lib/mcp/pipe_io.h"

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <optional>

namespace kosmo::mcp {
namespace {

class SigpipeBlock {
 public:
  SigpipeBlock() {
    sigemptyset(&pipe_only_);
    sigaddset(&pipe_only_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_only_, &previous_);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
  }
  ~SigpipeBlock() {
    if (raised_ && !was_pending_) {
      timespec zero{};
      while (sigtimedwait(&pipe_only_, nullptr, &zero) < 0 && errno == EINTR) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  void note_epipe() { raised_ = true; }

 private:
  sigset_t pipe_only_;
  sigset_t previous_;
  bool was_pending_ = false;
  bool raised_ = false;
};

}  // namespace

WaitUntil deadline_after(double seconds) {
  constexpr double kLongest = 365.0 * 24 * 3600;
  double bounded = seconds > 0 ? (seconds < kLongest ? seconds : kLongest) : 0;
  return SteadyClock::now() +
         std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(bounded));
}

int remaining_ms(WaitUntil deadline) {
  auto left = deadline - SteadyClock::now();
  if (left <= SteadyClock::duration::zero()) return 0;
  return static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(left).count());
}

SigpipeGuard sigpipe_guard_needed() {
  struct sigaction current {};
  if (sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_IGN) {
    return SigpipeGuard::kIgnored;
  }
  return SigpipeGuard::kBlock;
}

WriteStatus write_line(int fd, std::string_view line, WaitUntil deadline, SigpipeGuard guard) {
  if (fd < 0) return WriteStatus::kClosed;
  std::optional<SigpipeBlock> block;
  if (guard == SigpipeGuard::kBlock) block.emplace();
  static const char kNewline = '\n';
  // What is left to write: the rest of `line`, then the newline.
  std::string_view newline(&kNewline, 1);
  while (!line.empty() || !newline.empty()) {
    iovec pieces[2];
    int count = 0;
    if (!line.empty()) pieces[count++] = {const_cast<char*>(line.data()), line.size()};
    pieces[count++] = {const_cast<char*>(newline.data()), newline.size()};
    ssize_t n = writev(fd, pieces, count);
    if (n > 0) {
      size_t done = static_cast<size_t>(n);
      size_t from_line = done < line.size() ? done : line.size();
      line.remove_prefix(from_line);
      newline.remove_prefix(done - from_line);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EPIPE) {
      if (block) block->note_epipe();
      return WriteStatus::kClosed;
    }
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return WriteStatus::kClosed;
    int wait = remaining_ms(deadline);
    if (wait == 0) return WriteStatus::kTimedOut;
    pollfd ready{fd, POLLOUT, 0};
    int rc = poll(&ready, 1, wait);
    if (rc < 0 && errno != EINTR) return WriteStatus::kClosed;
    if (rc > 0 && (ready.revents & (POLLERR | POLLHUP)) != 0) {
      // The reader closed its end: the next write fails with EPIPE, which is handled above.
      continue;
    }
  }
  return WriteStatus::kOk;
}

}  // namespace kosmo::mcp
