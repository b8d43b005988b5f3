#include "lib/oauth/loopback_redirect.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>

#include "lib/oauth/oauth_urls.h"

namespace kosmo::oauth {
namespace {

constexpr size_t kLargestRequestBytes = 16 * 1024;
constexpr int kConnectionReadMs = 5000;

constexpr const char kDonePage[] =
    "<!doctype html><title>kosmo</title><p>Authorization complete. You can close this window "
    "and return to the terminal.</p>";

double seconds_now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void write_all(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::send(fd, text.data() + done, text.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

void answer(int fd, int status, const char* reason, const std::string& html) {
  write_all(fd, "HTTP/1.1 " + std::to_string(status) + " " + reason +
                    "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
                    std::to_string(html.size()) + "\r\nConnection: close\r\n\r\n" + html);
}

// The request head, read until its blank line (or the size limit, or a quiet peer).
std::string read_head(int fd) {
  std::string head;
  char buffer[2048];
  while (head.size() < kLargestRequestBytes && head.find("\r\n\r\n") == std::string::npos) {
    pollfd ready{fd, POLLIN, 0};
    if (::poll(&ready, 1, kConnectionReadMs) <= 0) break;
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    head.append(buffer, static_cast<size_t>(n));
  }
  return head;
}

std::optional<std::map<std::string, std::string>> parse_pasted(const std::string& line) {
  std::map<std::string, std::string> parameters = query_parameters(line);
  if (parameters.count("code") == 0 && parameters.count("error") == 0) return std::nullopt;
  return parameters;
}

}  // namespace

Outcome<LoopbackRedirect> LoopbackRedirect::listen(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Failure{ErrorCode::kAuthRequired, "cannot open the loopback redirect socket"};
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(fd, 8) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd);
    return Failure{ErrorCode::kAuthRequired, "cannot listen on 127.0.0.1:" + std::to_string(port) +
                                                 " for the redirect: " + why};
  }
  return LoopbackRedirect(fd, ntohs(address.sin_port));
}

LoopbackRedirect::LoopbackRedirect(LoopbackRedirect&& other) noexcept
    : fd_(other.fd_), port_(other.port_) {
  other.fd_ = -1;
}

LoopbackRedirect::~LoopbackRedirect() {
  if (fd_ >= 0) ::close(fd_);
}

std::string LoopbackRedirect::redirect_uri() const {
  return "http://127.0.0.1:" + std::to_string(port_) + kCallbackPath;
}

std::optional<std::map<std::string, std::string>> LoopbackRedirect::serve_connection(
    int connection) const {
  const std::string head = read_head(connection);
  const size_t line_end = head.find("\r\n");
  const std::string line = head.substr(0, line_end);
  // "GET /callback?code=...&state=... HTTP/1.1"
  const size_t target_start = line.find(' ');
  const size_t target_end = line.rfind(' ');
  if (line.rfind("GET ", 0) != 0 || target_start == target_end) {
    answer(connection, 400, "Bad Request", "");
    return std::nullopt;
  }
  const std::string target = line.substr(target_start + 1, target_end - target_start - 1);
  const std::string path = target.substr(0, target.find('?'));
  if (path != kCallbackPath) {
    answer(connection, 404, "Not Found", "");
    return std::nullopt;
  }
  answer(connection, 200, "OK", kDonePage);
  return query_parameters(target);
}

Outcome<std::map<std::string, std::string>> LoopbackRedirect::wait(double timeout_s,
                                                                   bool read_stdin) {
  const double deadline = seconds_now() + timeout_s;
  std::string pasted;
  while (true) {
    const double left = deadline - seconds_now();
    if (left <= 0) {
      return Failure{ErrorCode::kAuthRequired,
                     "no authorization arrived at " + redirect_uri() + " within " +
                         std::to_string(static_cast<int>(timeout_s)) + "s"};
    }
    pollfd ready[2] = {{fd_, POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};
    const int count = ::poll(ready, read_stdin ? 2 : 1, static_cast<int>(left * 1000) + 1);
    if (count < 0 && errno != EINTR) {
      return Failure{ErrorCode::kAuthRequired, "waiting for the redirect failed"};
    }
    if (count <= 0) continue;
    if (ready[0].revents & POLLIN) {
      const int connection = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (connection < 0) continue;
      std::optional<std::map<std::string, std::string>> parameters = serve_connection(connection);
      ::close(connection);
      if (parameters) return std::move(*parameters);
    }
    if (read_stdin && (ready[1].revents & (POLLIN | POLLHUP))) {
      char buffer[4096];
      const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
      if (n <= 0) {
        read_stdin = false;  // stdin closed: only the browser can finish now
        continue;
      }
      pasted.append(buffer, static_cast<size_t>(n));
      for (size_t end; (end = pasted.find('\n')) != std::string::npos; pasted.erase(0, end + 1)) {
        if (auto parameters = parse_pasted(pasted.substr(0, end))) return std::move(*parameters);
      }
    }
  }
}

}  // namespace kosmo::oauth
