#pragma once
// One accepted client socket of the gateway's HTTP server: reading requests with timeouts,
// writing responses so that a vanished client is an error return, never SIGPIPE (MSG_NOSIGNAL),
// and noticing the server's stop flag within HttpServerLimits::poll_interval_ms.
#include <atomic>
#include <chrono>
#include <string>
#include <string_view>

#include "lib/gateway/http_request_parser.h"
#include "lib/gateway/http_response_writer.h"
#include "lib/gateway/http_server_limits.h"

namespace kosmo::gateway {

class HttpConnection {
 public:
  // Takes ownership of `fd`.
  HttpConnection(int fd, const HttpServerLimits& limits, const std::atomic<bool>& stop);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Waits for `parser` to hold a whole request. False when the client closed or went quiet, the
  // server is stopping, or the request was refused (answered here: 400, 408, 411, 413, 431, 501,
  // 505, and the connection is to be closed).
  bool read_request(HttpRequestParser& parser);

  // Writes all of `bytes`. False once the client is gone or stopped reading for
  // write_timeout_ms; every later send fails at once.
  bool send(std::string_view bytes);
  bool send(const HttpResponse& response) { return send(serialize_response(response)); }

  // Whether the client has closed or reset its end (a non-blocking look; pipelined bytes
  // waiting to be read do not count).
  bool client_gone();
  bool stopping() const { return stop_.load(std::memory_order_relaxed); }
  const HttpServerLimits& limits() const { return limits_; }

  // Answers `status` with `reason` as text and ends the connection gracefully: the write side is
  // shut down and what the client is still sending is read and dropped for a moment, so the
  // answer is not lost to a reset.
  void refuse(int status, std::string_view reason);

 private:
  void drain_and_close_write();

  int fd_;
  const HttpServerLimits& limits_;
  const std::atomic<bool>& stop_;
  bool broken_ = false;
  std::string read_buffer_;  // allocated on the first read, reused for every request
};

}  // namespace kosmo::gateway
