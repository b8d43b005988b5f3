#include "lib/cli/signal_watch.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <iterator>
#include <optional>
#include <system_error>

#include "lib/common/pipe.h"
#include "lib/mcp/child_process.h"

namespace kosmo::cli {
namespace {

constexpr int kWatchedSignals[] = {SIGINT, SIGTERM};
// Written by the destructor: signal numbers are never 0.
constexpr unsigned char kStopByte = 0;

// The pipe's write end for the handler; -1 while no watch exists.
std::atomic<int> g_write_fd{-1};
struct sigaction g_previous[std::size(kWatchedSignals)];

void on_signal_received(int signal) {
  const int saved = errno;
  const int fd = g_write_fd.load();
  const unsigned char byte = static_cast<unsigned char>(signal);
  if (fd >= 0) (void)!write(fd, &byte, 1);
  errno = saved;
}

std::chrono::milliseconds sigkill_grace() { return mcp::StopTimings{}.after_sigterm; }

}  // namespace

SignalWatch::Subscription::~Subscription() {
  if (watch_ == nullptr) return;
  std::lock_guard lock(watch_->mutex_);
  watch_->action_ = nullptr;
}

SignalWatch::SignalWatch() {
  // Above 0-2 (lib/common/pipe.h): kosmo may start with one of them closed, and the code
  // source would then read the watch's pipe as stdin.
  int fds[2];
  if (const int error = make_cloexec_pipe(fds)) {
    throw std::system_error(error, std::generic_category(), "pipe");
  }
  read_fd_ = fds[0];
  write_fd_ = fds[1];
  // A full pipe must not block the handler: a signal more or less changes nothing by then.
  fcntl(write_fd_, F_SETFL, fcntl(write_fd_, F_GETFL) | O_NONBLOCK);
  g_write_fd.store(write_fd_);
  thread_ = std::thread([this] { watch(); });
  struct sigaction action {};
  action.sa_handler = on_signal_received;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  for (size_t i = 0; i < std::size(kWatchedSignals); ++i) {
    sigaction(kWatchedSignals[i], &action, &g_previous[i]);
  }
}

SignalWatch::~SignalWatch() {
  for (size_t i = 0; i < std::size(kWatchedSignals); ++i) {
    sigaction(kWatchedSignals[i], &g_previous[i], nullptr);
  }
  g_write_fd.store(-1);
  const unsigned char stop = kStopByte;
  while (write(write_fd_, &stop, 1) < 0 && errno == EINTR) {
  }
  thread_.join();
  ::close(read_fd_);
  ::close(write_fd_);
}

SignalWatch::Subscription SignalWatch::subscribe(Action action) {
  std::lock_guard lock(mutex_);
  if (received_ != 0) action(received_);
  action_ = std::move(action);
  return Subscription(this);
}

void SignalWatch::on_signal(int signal, bool first) {
  if (!first) {
    mcp::kill_all_server_groups();
    return;
  }
  {
    std::lock_guard lock(mutex_);
    received_ = signal;
    if (action_) action_(signal);
  }
  mcp::signal_all_server_groups(SIGTERM);
}

void SignalWatch::watch() {
  using Clock = std::chrono::steady_clock;
  std::optional<Clock::time_point> kill_at;
  bool seen = false;
  for (;;) {
    int wait_ms = -1;
    if (kill_at) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(*kill_at - Clock::now());
      wait_ms = static_cast<int>(std::max<long>(0, left.count()));
    }
    pollfd ready{read_fd_, POLLIN, 0};
    const int rc = poll(&ready, 1, wait_ms);
    if (rc < 0) continue;  // EINTR: one of our own signals arrived on this thread
    if (rc == 0) {
      mcp::kill_all_server_groups();  // the grace period after SIGTERM is over
      kill_at.reset();
      continue;
    }
    unsigned char byte = kStopByte;
    if (read(read_fd_, &byte, 1) != 1) continue;
    if (byte == kStopByte) return;
    on_signal(byte, !seen);
    if (!seen) kill_at = Clock::now() + sigkill_grace();
    if (seen) kill_at.reset();
    seen = true;
  }
}

}  // namespace kosmo::cli
