#pragma once
// `mcp:serve` over stdio (the default): one client, newline-delimited JSON-RPC on stdin and
// stdout. Nothing else is ever written to stdout; logs go to stderr.
#include <atomic>

#include "lib/gateway/streamable_http_server.h"

namespace kosmo::gateway {

// Reads messages until stdin ends or `stop` becomes true, then closes the session (running
// calls are cancelled, upstream servers stopped). Returns the exit code (0).
int serve_stdio(const SessionFactory& make_session, const std::atomic<bool>& stop);

}  // namespace kosmo::gateway
