#pragma once
// The checks the Streamable HTTP server makes before a request reaches a session: where it
// comes from (DNS rebinding), who sends it (the bearer token), and which protocol revision it
// speaks.
//
// DNS rebinding: a web page on evil.example whose name is made to resolve to 127.0.0.1 can
// make the user's browser send requests here. The browser names the page's origin in an
// `Origin` header and the name it resolved in `Host`; both are checked. Loopback origins
// (http or https, localhost, 127.0.0.1 or [::1], any port) pass, as do origins the user allowed
// (--allowed-origin). Host is checked only while the server listens on a loopback address: on
// an address reachable from the network the user chose names we cannot know.
#include <string>
#include <string_view>
#include <vector>

namespace kosmo::gateway {

// "http://localhost:1234", "https://127.0.0.1", "http://[::1]:80" (scheme and host in any case).
bool is_loopback_origin(std::string_view origin);
// A loopback origin, or one of `allowed` (compared ignoring case and a trailing '/').
bool origin_allowed(std::string_view origin, const std::vector<std::string>& allowed);
// A Host header value naming a loopback host (any port), or the host[:port] of an allowed
// origin.
bool host_allowed(std::string_view host, const std::vector<std::string>& allowed_origins);
// Whether `host` (as --http gives it: "127.0.0.1", "localhost", "::1", "[::1]") is a loopback
// address.
bool is_loopback_host(std::string_view host);

// Whether `authorization` (the header's value, or nullptr) is "Bearer <token>". The comparison
// takes the same time wherever the first difference is, so the token cannot be guessed byte by
// byte from response times.
bool bearer_matches(const std::string* authorization, std::string_view token);

// A MCP-Protocol-Version value this server speaks (the versions kosmo's MCP client accepts).
bool is_supported_protocol_version(std::string_view version);

}  // namespace kosmo::gateway
