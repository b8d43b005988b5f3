#include "lib/mcp/stderr_drain.h"

#include <fcntl.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>

namespace kosmo::mcp {
namespace {

// Longer lines are logged cut; the tail still gets every byte.
constexpr size_t kMaxLoggedLine = 2000;

std::string trimmed(std::string_view text) {
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  size_t last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

}  // namespace

StderrDrain::StderrDrain(int fd, std::string server_name, http::Redactor redactor,
                         size_t tail_bytes)
    : name_(std::move(server_name)), redactor_(std::move(redactor)), tail_limit_(tail_bytes) {
  if (pipe2(wake_, O_CLOEXEC) != 0) wake_[0] = wake_[1] = -1;
  thread_ = std::thread([this, fd] { run(fd); });
}

StderrDrain::~StderrDrain() {
  stop(std::chrono::milliseconds(0));
  for (int fd : wake_) {
    if (fd >= 0) ::close(fd);
  }
}

void StderrDrain::run(int fd) {
  char buffer[8192];
  for (;;) {
    pollfd fds[2] = {{fd, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    // Without a wake pipe (pipe2 failed), poll in slices and watch the flag instead.
    int ready = poll(fds, wake_[0] >= 0 ? 2 : 1, wake_[0] >= 0 ? -1 : 100);
    if (stopping_) break;
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) continue;
    if (ready < 0 || (fds[1].revents & POLLIN) != 0) break;
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) break;
    take(std::string_view(buffer, static_cast<size_t>(n)));
  }
  if (!partial_line_.empty()) log_line(partial_line_);
  std::lock_guard<std::mutex> lock(mutex_);
  eof_ = true;
  eof_seen_.notify_all();
}

void StderrDrain::take(std::string_view bytes) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    tail_.append(bytes);
    if (tail_.size() > tail_limit_) {
      tail_.erase(0, tail_.size() - tail_limit_);
      tail_cut_ = true;
    }
  }
  partial_line_.append(bytes);
  size_t start = 0;
  for (size_t newline; (newline = partial_line_.find('\n', start)) != std::string::npos;) {
    log_line(std::string_view(partial_line_).substr(start, newline - start));
    start = newline + 1;
  }
  partial_line_.erase(0, start);
  if (partial_line_.size() > kMaxLoggedLine) {
    log_line(partial_line_);
    partial_line_.clear();
  }
}

void StderrDrain::log_line(std::string_view line) const {
  std::string text = trimmed(line);
  if (text.empty()) return;
  if (!redactor_.empty()) text = redactor_.redact(text);
  if (text.size() > kMaxLoggedLine) text = text.substr(0, kMaxLoggedLine) + "...";
  spdlog::info("[mcp:{}] {}", name_, text);
}

bool StderrDrain::wait_for_eof(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  return eof_seen_.wait_for(lock, timeout, [this] { return eof_; });
}

void StderrDrain::stop(std::chrono::milliseconds linger) {
  if (!thread_.joinable()) return;
  if (!wait_for_eof(linger) && wake_[1] >= 0) {
    char byte = 1;
    while (write(wake_[1], &byte, 1) < 0 && errno == EINTR) {
    }
  }
  stopping_ = true;
  thread_.join();
}

std::string StderrDrain::tail() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string text = trimmed(tail_);
  return tail_cut_ && !text.empty() ? "..." + text : text;
}

}  // namespace kosmo::mcp
