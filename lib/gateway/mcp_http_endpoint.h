#pragma once
// The /mcp endpoint of `mcp:serve --http`: MCP's Streamable HTTP transport (2025-11-25) over the
// gateway's own HTTP server, one request at a time per connection thread.
//
// What it decides where the spec leaves a choice:
//  * GET opens the session's stream of unsolicited notifications (tools/list_changed); one per
//    session at a time (a second gets 409), with an SSE comment every keep_alive_interval_ms.
//  * DELETE ends the session (204).
//  * No resumability: events carry no ids and Last-Event-ID is ignored; a dropped stream's
//    remaining messages are discarded (the call itself goes on; only ending the session cancels).
//  * A POST whose client disconnects before the answer drops the answer, not the call.
//  * initialize with an error response starts no session (no Mcp-Session-Id).
//  * CORS: allowed origins get Access-Control-Allow-Origin and may read Mcp-Session-Id;
//    OPTIONS preflights are answered without a token (browsers send none).
#include <memory>

#include "lib/gateway/http_connection.h"
#include "lib/gateway/http_request.h"
#include "lib/gateway/http_session_registry.h"
#include "lib/gateway/streamable_http_server.h"

namespace kosmo::gateway {

class McpHttpEndpoint {
 public:
  // `check_host`: refuse Host headers that are not loopback names (the server listens on a
  // loopback address, see http_request_guards.h).
  McpHttpEndpoint(const HttpServeOptions& options, SessionFactory make_session,
                  const HttpServerLimits& limits, bool check_host);

  // HttpListener::Handler.
  bool handle(HttpRequest& request, HttpConnection& connection);
  void end_all_sessions() { sessions_.end_all(); }
  size_t session_count() const { return sessions_.size(); }

 private:
  bool post(HttpRequest& request, HttpConnection& connection, HttpHeaders headers);
  bool initialize(HttpRequest& request, HttpConnection& connection, HttpHeaders headers);
  bool get(HttpRequest& request, HttpConnection& connection, HttpHeaders headers);
  bool remove(HttpRequest& request, HttpConnection& connection, HttpHeaders headers);
  // The session a request names, or nullptr after answering 400 (no id) or 404 (unknown id).
  std::shared_ptr<HttpSession> session_of(HttpRequest& request, HttpConnection& connection,
                                          const HttpHeaders& headers, bool& keep_alive);
  // Waits for `reply` and sends it: JSON when the response comes first, else an event stream.
  // `new_session`: the id of a session this initialize started, ended again if it fails.
  bool deliver(PostReply& reply, HttpConnection& connection, HttpHeaders headers,
               const std::string* new_session);

  HttpServeOptions options_;
  SessionFactory make_session_;
  const HttpServerLimits& limits_;
  bool check_host_;
  SessionRegistry sessions_;
};

}  // namespace kosmo::gateway
