#pragma once
// A scriptable HTTP/1.1 server on 127.0.0.1 (ephemeral port) for tests of the real libcurl
// path. It records every request with the client port it came from (so tests can see
// connection reuse) and can inject the faults a client must survive: stalls, truncated bodies,
// closed connections, huge bodies.
//
// Hand-written on POSIX sockets rather than cpp-httplib: Debian's httplib.h is the split build
// whose definitions live in libcpp-httplib.so, which the test targets do not link. Header-only
// because test/fakes/*.cpp is compiled into the end-to-end tests only.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace kosmo::test {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct ReceivedRequest {
  std::string method;
  std::string target;  // path and query, as sent
  Headers headers;     // names lower-cased
  std::string body;
  int client_port = 0;

  std::string header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (key == name) return value;
    }
    return "";
  }
  bool has_header(std::string_view name) const {
    return std::any_of(headers.begin(), headers.end(),
                       [&](const auto& header) { return header.first == name; });
  }
};

struct ScriptedReply {
  // Every member has an initializer so designated initializers may name any subset.
  int status = 200;
  Headers headers = {};
  std::string body = {};
  size_t body_repeat = 1;  // the body is sent this many times, for large responses
  double stall_s = 0;      // wait this long before answering (cut short when the server stops)
  // Content-Length to announce; when larger than what is sent, the connection is closed after
  // the body, which the client sees as a truncated transfer.
  std::optional<size_t> declared_length = std::nullopt;
  bool close = false;  // close the connection after this reply
};

using Handler = std::function<ScriptedReply(const ReceivedRequest&)>;

class HttpTestServer {
 public:
  explicit HttpTestServer(Handler handler = {}) : handler_(std::move(handler)) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (listen_fd_ < 0 || bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        listen(listen_fd_, 64) != 0 ||
        getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error(std::string("test server: ") + std::strerror(errno));
    }
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }

  ~HttpTestServer() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      for (int fd : open_fds_) shutdown(fd, SHUT_RDWR);
    }
    wake_.notify_all();
    shutdown(listen_fd_, SHUT_RDWR);  // makes the blocked accept() return
    acceptor_.join();
    for (std::thread& worker : workers_) worker.join();
    close(listen_fd_);
  }

  void set_handler(Handler handler) {
    std::lock_guard lock(mutex_);
    handler_ = std::move(handler);
  }
  int port() const { return port_; }
  std::string url(std::string_view target) const {
    return "http://127.0.0.1:" + std::to_string(port_) + std::string(target);
  }
  std::vector<ReceivedRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  int connections() const {
    std::lock_guard lock(mutex_);
    return connections_;
  }

 private:
  void accept_loop() {
    for (;;) {
      sockaddr_in peer{};
      socklen_t length = sizeof peer;
      int fd = accept4(listen_fd_, reinterpret_cast<sockaddr*>(&peer), &length, SOCK_CLOEXEC);
      std::lock_guard lock(mutex_);
      if (fd < 0 || stopping_) {
        if (fd >= 0) close(fd);
        return;
      }
      int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      ++connections_;
      open_fds_.insert(fd);
      int client_port = ntohs(peer.sin_port);
      workers_.emplace_back([this, fd, client_port] { serve(fd, client_port); });
    }
  }

  void serve(int fd, int client_port) {
    std::string buffer;
    ReceivedRequest request;
    while (read_request(fd, buffer, request)) {
      request.client_port = client_port;
      Handler handler;
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(request);
        handler = handler_;
      }
      ScriptedReply reply = handler ? handler(request) : ScriptedReply{};
      if (!wait_unless_stopping(reply.stall_s) || !write_reply(fd, request, reply)) break;
      if (reply.close || request.header("connection") == "close") break;
    }
    std::lock_guard lock(mutex_);
    open_fds_.erase(fd);
    close(fd);
  }

  // False when the server is stopping.
  bool wait_unless_stopping(double seconds) {
    std::unique_lock lock(mutex_);
    if (seconds > 0) {
      wake_.wait_for(lock, std::chrono::duration<double>(seconds), [this] { return stopping_; });
    }
    return !stopping_;
  }

  static bool receive_more(int fd, std::string& buffer) {
    char chunk[65536];
    ssize_t got = recv(fd, chunk, sizeof chunk, 0);
    if (got <= 0) return false;
    buffer.append(chunk, static_cast<size_t>(got));
    return true;
  }

  static bool send_all(int fd, std::string_view data) {
    while (!data.empty()) {
      ssize_t sent = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
      if (sent <= 0) return false;
      data.remove_prefix(static_cast<size_t>(sent));
    }
    return true;
  }

  static std::string lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  }

  static void parse_head(std::string_view head, ReceivedRequest& request) {
    size_t line_end = head.find("\r\n");
    std::string_view line = head.substr(0, line_end);
    size_t first_space = line.find(' ');
    size_t second_space = line.find(' ', first_space + 1);
    request.method = std::string(line.substr(0, first_space));
    request.target = std::string(line.substr(first_space + 1, second_space - first_space - 1));
    request.headers.clear();
    while (line_end != std::string_view::npos && line_end + 2 < head.size()) {
      size_t start = line_end + 2;
      line_end = head.find("\r\n", start);
      line = head.substr(start, line_end - start);
      size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      request.headers.emplace_back(lower(std::string(line.substr(0, colon))), std::string(value));
    }
  }

  // Reads one request (head and Content-Length body) from `fd`; bytes beyond it stay in
  // `buffer` for the next one.
  static bool read_request(int fd, std::string& buffer, ReceivedRequest& request) {
    size_t head_end;
    while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
      if (!receive_more(fd, buffer)) return false;
    }
    parse_head(std::string_view(buffer).substr(0, head_end), request);
    buffer.erase(0, head_end + 4);
    if (lower(request.header("expect")) == "100-continue" &&
        !send_all(fd, "HTTP/1.1 100 Continue\r\n\r\n")) {
      return false;
    }
    std::string length_text = request.header("content-length");
    size_t length = length_text.empty() ? 0 : std::stoul(length_text);
    while (buffer.size() < length) {
      if (!receive_more(fd, buffer)) return false;
    }
    request.body = buffer.substr(0, length);
    buffer.erase(0, length);
    return true;
  }

  // False when the connection must be closed (write failure or an announced short body).
  static bool write_reply(int fd, const ReceivedRequest& request, const ScriptedReply& reply) {
    size_t actual = reply.body.size() * reply.body_repeat;
    size_t announced = reply.declared_length.value_or(actual);
    std::string head = "HTTP/1.1 " + std::to_string(reply.status) + " Scripted\r\n";
    for (const auto& [name, value] : reply.headers) head += name + ": " + value + "\r\n";
    head += "Content-Length: " + std::to_string(announced) + "\r\n";
    if (reply.close) head += "Connection: close\r\n";
    head += "\r\n";
    if (!send_all(fd, head)) return false;
    if (request.method == "HEAD") return true;
    for (size_t i = 0; i < reply.body_repeat; ++i) {
      if (!send_all(fd, reply.body)) return false;
    }
    return announced == actual;
  }

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::thread acceptor_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
  std::set<int> open_fds_;
  std::vector<ReceivedRequest> requests_;
  int connections_ = 0;
};

// A loopback port nothing listens on (bound, then released), for connection-refused tests.
inline int unused_loopback_port() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  bind(fd, reinterpret_cast<sockaddr*>(&address), length);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

}  // namespace kosmo::test
