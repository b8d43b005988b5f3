#pragma once
// What a transport does with the messages a server sends while kosmo waits for a response,
// whatever carries them (stdio lines, an HTTP event stream): a request is answered with what
// the client offers (client_capabilities.h), a progress notification for the awaited request is
// recognised and logged.
#include <optional>
#include <string>
#include <string_view>

#include "lib/http/redactor.h"
#include "lib/mcp/client_capabilities.h"
#include "lib/mcp/json_rpc.h"

namespace kosmo::mcp {

struct ServerRequestReply {
  std::string text;      // the JSON-RPC response to send back, compact
  bool offered = false;  // false: a -32601 "Method not found" error
};

// The reply to `request` (a kRequest message): what `client` offers; with no capabilities
// (null: a transport that declared none), `ping` alone.
ServerRequestReply reply_to_server_request(const Message& request,
                                           const ClientCapabilities* client);

// Whether `message` is a notifications/progress for the request whose token is `token`.
bool reports_progress(const Message& message, std::string_view token);

// -v: "MCP server 'x': progress 3/10: Indexing" (total and message when the server sends them),
// redacted: the message is the server's text.
void log_progress(const std::string& server, const Message& message,
                  const http::Redactor& redactor);

}  // namespace kosmo::mcp
