#pragma once
// What the Streamable HTTP transport asks of whatever authorizes its requests (an OAuth-protected
// server's, server_authorization.h; fakes in tests): the Authorization header to send, and new
// credentials when the server refuses one.
#include <string>

#include "lib/http/http_client.h"
#include "lib/mcp/errors.h"

namespace kosmo::mcp {

class RequestAuthorization {
 public:
  virtual ~RequestAuthorization() = default;
  // The Authorization header's value for the next request; "" to send none.
  virtual std::string header() = 0;
  // Whether `response` is a refusal this object deals with (401, or 403 insufficient_scope).
  static bool is_refusal(const http::HttpResponse& response);
  // The server refused a request: obtain new credentials (nullopt: retry with header()) or say
  // why not (kAuthRequired, kConfig).
  virtual McpCheck refused(const http::HttpResponse& response) = 0;
};

}  // namespace kosmo::mcp
