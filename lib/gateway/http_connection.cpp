#include "lib/gateway/http_connection.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>

namespace kosmo::gateway {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kReadChunk = 64u << 10;
// refuse(): how long and how much of an unwanted body is read and dropped before closing.
constexpr int kDrainMs = 500;
constexpr size_t kDrainBytes = 4u << 20;

int remaining_ms(Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

}  // namespace

HttpConnection::HttpConnection(int fd, const HttpServerLimits& limits,
                               const std::atomic<bool>& stop)
    : fd_(fd), limits_(limits), stop_(stop) {
  // Sends block for at most one poll interval, so a stop or the write timeout is noticed while
  // a client is not reading.
  timeval interval{};
  interval.tv_sec = limits.poll_interval_ms / 1000;
  interval.tv_usec = (limits.poll_interval_ms % 1000) * 1000;
  setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &interval, sizeof interval);
}

HttpConnection::~HttpConnection() { ::close(fd_); }

bool HttpConnection::read_request(HttpRequestParser& parser) {
  if (parser.state() == HttpRequestParser::State::kComplete) return true;
  if (parser.state() == HttpRequestParser::State::kFailed) {  // pipelined bytes after a request
    refuse(parser.error_status(), parser.error_reason());
    return false;
  }
  const auto idle_deadline = Clock::now() + std::chrono::milliseconds(limits_.idle_timeout_ms);
  auto request_deadline = Clock::now() + std::chrono::milliseconds(limits_.request_timeout_ms);
  bool started = parser.has_partial_request();
  if (read_buffer_.empty()) read_buffer_.resize(kReadChunk);
  while (!stopping()) {
    const auto deadline = started ? request_deadline : idle_deadline;
    const int left = remaining_ms(deadline);
    if (left == 0) {
      if (started) refuse(408, "request not received in time");
      return false;
    }
    pollfd readable{fd_, POLLIN, 0};
    const int ready = ::poll(&readable, 1, std::min(left, limits_.poll_interval_ms));
    if (ready < 0 && errno != EINTR) return false;
    if (ready <= 0) continue;
    const ssize_t got = ::recv(fd_, read_buffer_.data(), read_buffer_.size(), 0);
    if (got == 0) return false;
    if (got < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return false;
    }
    if (!started) {
      started = true;
      request_deadline = Clock::now() + std::chrono::milliseconds(limits_.request_timeout_ms);
    }
    const auto state = parser.feed(std::string_view(read_buffer_.data(), static_cast<size_t>(got)));
    if (state == HttpRequestParser::State::kComplete) return true;
    if (state == HttpRequestParser::State::kFailed) {
      refuse(parser.error_status(), parser.error_reason());
      return false;
    }
  }
  return false;
}

bool HttpConnection::send(std::string_view bytes) {
  if (broken_) return false;
  const auto deadline = Clock::now() + std::chrono::milliseconds(limits_.write_timeout_ms);
  while (!bytes.empty()) {
    const ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent > 0) {
      bytes.remove_prefix(static_cast<size_t>(sent));
      continue;
    }
    const bool retry = sent < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK);
    if (!retry || stopping() || remaining_ms(deadline) == 0) {
      broken_ = true;
      return false;
    }
  }
  return true;
}

bool HttpConnection::client_gone() {
  if (broken_) return true;
  pollfd look{fd_, POLLIN | POLLRDHUP, 0};
  if (::poll(&look, 1, 0) <= 0) return false;
  if (look.revents & (POLLERR | POLLHUP | POLLRDHUP)) return true;
  char byte;
  return ::recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

void HttpConnection::refuse(int status, std::string_view reason) {
  HttpResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  response.body = std::string(reason) + "\n";
  response.close = true;
  if (send(response)) drain_and_close_write();
  broken_ = true;
}

void HttpConnection::drain_and_close_write() {
  ::shutdown(fd_, SHUT_WR);
  const auto deadline = Clock::now() + std::chrono::milliseconds(kDrainMs);
  char sink[16384];
  size_t drained = 0;
  while (drained < kDrainBytes && !stopping()) {
    const int left = remaining_ms(deadline);
    if (left == 0) break;
    pollfd readable{fd_, POLLIN, 0};
    if (::poll(&readable, 1, std::min(left, limits_.poll_interval_ms)) <= 0) continue;
    const ssize_t got = ::recv(fd_, sink, sizeof sink, 0);
    if (got <= 0) break;
    drained += static_cast<size_t>(got);
  }
}

}  // namespace kosmo::gateway
