#pragma once
// `mcp:serve --http HOST:PORT`: the gateway over MCP's Streamable HTTP transport (2025-11-25):
// one endpoint, /mcp. POST carries one JSON-RPC message: a request is answered with
// application/json, or with text/event-stream when the call sends notifications first (progress);
// a notification or response gets 202. GET opens the stream of the session's unsolicited
// notifications (tools/list_changed); DELETE ends the session. Sessions are named by the
// Mcp-Session-Id header the initialize response sets.
//
// Guards: bound to 127.0.0.1 unless told otherwise; an Origin header that is not a loopback
// origin or one the user allowed is refused with 403 (DNS rebinding); a configured bearer token
// is required on every request (401 otherwise, compared in constant time); bodies above the
// limit are refused with 413 before they are read in full.
#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lib/gateway/server_session.h"

namespace kosmo::gateway {

struct HttpServeOptions {
  std::string host = "127.0.0.1";
  int port = 0;                              // 0: the kernel picks one (printed on stderr)
  std::vector<std::string> allowed_origins;  // beyond the loopback origins, e.g. "https://x.y"
  std::string bearer_token;                  // empty: no token required
  size_t max_body_bytes = 16u << 20;
};

// Makes the session of a new client. `standalone` carries the session's notifications that
// answer no request (tools/list_changed); it drops them while no GET stream is open.
using SessionFactory =
    std::function<std::unique_ptr<ServerSession>(std::shared_ptr<ReplyChannel> standalone)>;

// Serves until `stop` becomes true (SIGINT/SIGTERM), then closes every session. Writes
// "kosmo mcp:serve listening on http://HOST:PORT/mcp" to stderr once bound. Returns the exit code
// (0 after a stop; 5 when the address cannot be bound).
int serve_streamable_http(const HttpServeOptions& options, const SessionFactory& make_session,
                          const std::atomic<bool>& stop);

}  // namespace kosmo::gateway
