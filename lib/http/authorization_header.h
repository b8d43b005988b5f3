#pragma once
// The one request header that carries credentials, replaced as a whole: what an OAuth-protected
// MCP session does each time its authorization renews a token (mcp/http_transport.h, and the
// session's GET stream, mcp/http_listen_stream.h).
#include <string>

#include "lib/http/http_client.h"

namespace kosmo::http {

// Replaces `request`'s Authorization header (any spelling of the name) with `value`; "" leaves
// the request without one.
void set_authorization_header(HttpRequest& request, std::string value);

}  // namespace kosmo::http
