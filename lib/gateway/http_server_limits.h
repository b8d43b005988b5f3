#pragma once
// The limits of the gateway's HTTP server, in one place. The defaults are what
// serve_streamable_http runs with; tests shorten the timeouts.
#include <atomic>
#include <cstddef>

#include "lib/gateway/streamable_http_server.h"

namespace kosmo::gateway {

struct HttpServerLimits {
  // Connections served at once, each on its own thread; one more is answered 503 and closed.
  size_t max_connections = 64;
  // Sessions alive at once. Another initialize takes the place of the session left unused
  // longest, if that one has been unused for session_idle_timeout_ms (no request, no GET
  // stream, no POST waiting on it); otherwise it is answered 503 until one is deleted.
  size_t max_sessions = 64;
  int session_idle_timeout_ms = 30 * 60'000;
  // A kept-alive connection with no request for this long is closed.
  int idle_timeout_ms = 60'000;
  // From a request's first byte to its last: a client that trickles its head or body (slowloris)
  // gets 408 and loses the connection instead of holding a thread.
  int request_timeout_ms = 30'000;
  // A client that stops reading a response for this long loses the connection.
  int write_timeout_ms = 30'000;
  // How often blocked waits look at the stop flag: stop is noticed within about this long.
  int poll_interval_ms = 100;
  // An idle GET event stream sends an SSE comment this often, so a vanished client is noticed
  // and proxies keep the stream open.
  int keep_alive_interval_ms = 15'000;
};

// serve_streamable_http with limits other than the defaults (tests).
int serve_streamable_http(const HttpServeOptions& options, const SessionFactory& make_session,
                          const std::atomic<bool>& stop, const HttpServerLimits& limits);

}  // namespace kosmo::gateway
