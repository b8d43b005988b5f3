#pragma once
// The listening side of the gateway's HTTP server: binds HOST:PORT (an IPv4 or IPv6 literal,
// with or without brackets, or a name such as "localhost", which gets every loopback address it
// resolves to, on one port), accepts in a poll loop that notices the stop flag within
// HttpServerLimits::poll_interval_ms, and serves each connection on a thread of its own, at most
// max_connections at once.
#include <atomic>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/common/outcome.h"
#include "lib/gateway/http_connection.h"
#include "lib/gateway/http_request.h"
#include "lib/gateway/http_server_limits.h"

namespace kosmo::gateway {

class HttpListener {
 public:
  // Handles one request read from `connection`; returns whether the connection may carry
  // another (false after a failed write or a response that ends it).
  using Handler = std::function<bool(HttpRequest& request, HttpConnection& connection)>;

  // A config failure naming the address when nothing can be bound.
  static Outcome<HttpListener> open(std::string_view host, int port);
  HttpListener(HttpListener&& other) noexcept;
  HttpListener& operator=(HttpListener&&) = delete;
  HttpListener(const HttpListener&) = delete;
  ~HttpListener();

  int port() const { return port_; }

  // Accepts and serves until `stop` is true, then waits for every connection's thread to end
  // (each notices the flag too). Request bodies above `max_body_bytes` are refused with 413.
  void serve(const Handler& handler, size_t max_body_bytes, const HttpServerLimits& limits,
             const std::atomic<bool>& stop);

 private:
  HttpListener(std::vector<int> sockets, int port) : sockets_(std::move(sockets)), port_(port) {}

  std::vector<int> sockets_;
  int port_ = 0;
};

// "[::1]" → "::1"; anything else unchanged.
std::string_view unbracket_host(std::string_view host);

}  // namespace kosmo::gateway
