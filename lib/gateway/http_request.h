#pragma once
// One HTTP/1.1 request as the gateway's own server reads it (http_request_parser.h): the
// request line, the header fields in arrival order, and the body a Content-Length delimited.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kosmo::gateway {

struct HttpRequest {
  std::string method;  // as sent: methods are case-sensitive (RFC 9110 §9.1)
  std::string target;  // origin-form ("/mcp?x=1"), or "*"
  int minor_version = 1;  // HTTP/1.<minor_version>
  std::vector<std::pair<std::string, std::string>> headers;  // values without surrounding OWS
  std::string body;

  // The first field named `name` (ASCII case-insensitive), or nullptr.
  const std::string* header(std::string_view name) const;
  // The target without its query.
  std::string_view path() const;
  // HTTP/1.1 keeps the connection unless "Connection: close"; HTTP/1.0 only with "keep-alive".
  bool keep_alive() const;
};

// ASCII case-insensitive equality, for header names and tokens.
bool equals_ignore_case(std::string_view a, std::string_view b);
// Whether the comma-separated token list `list` (a Connection or Accept value) holds `token`,
// ignoring case, whitespace and ";parameters".
bool list_has_token(std::string_view list, std::string_view token);

}  // namespace kosmo::gateway
