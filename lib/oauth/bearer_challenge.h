#pragma once
// What a protected MCP server says when it refuses a request: the Bearer challenge of its
// WWW-Authenticate header (RFC 6750 §3, RFC 9728 §5.1). It names where the server's Protected
// Resource Metadata lives, the scope the request needs, and why the token was refused
// (`insufficient_scope` asks for a step-up; `invalid_token` for a new token).
#include <string>
#include <string_view>

namespace kosmo::oauth {

struct BearerChallenge {
  bool present = false;           // the header holds a Bearer challenge
  std::string resource_metadata;  // RFC 9728: the URL of the Protected Resource Metadata
  std::string scope;              // space-separated, as sent
  std::string error;              // "invalid_token", "insufficient_scope", ...
  std::string error_description;
};

// The first Bearer challenge in `header` (a header may list several schemes: `Basic realm="x",
// Bearer scope="a"`). Parameter names are case-insensitive; values are tokens or quoted strings
// with backslash escapes. Anything malformed after the scheme ends the parameters read so far.
BearerChallenge parse_bearer_challenge(std::string_view header);

}  // namespace kosmo::oauth
