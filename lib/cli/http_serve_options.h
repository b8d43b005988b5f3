#pragma once
// `mcp:serve --http HOST:PORT` and `--allowed-origin ORIGIN` on the command line, and what they
// become: the gateway::HttpServeOptions serve_streamable_http runs with, the bearer token taken
// from the environment (KOSMO_GATEWAY_TOKEN) or the user's config
// (kosmo.mcp_gateway.http.token, then mcp_gateway.http.token; `${NAME}` allowed).
//
// The token is a secret: it is registered with the run's redactor and never printed, not even in
// the errors about it.
#include <CLI/CLI.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "lib/common/outcome.h"
#include "lib/config/configuration.h"
#include "lib/gateway/streamable_http_server.h"
#include "lib/http/redactor.h"

namespace kosmo::cli {

inline constexpr std::string_view kGatewayTokenVariable = "KOSMO_GATEWAY_TOKEN";

struct HttpServeFlags {
  std::string http;                          // --http HOST:PORT; "" = serve over stdio
  std::vector<std::string> allowed_origins;  // --allowed-origin ORIGIN, repeatable

  bool wants_http() const { return !http.empty(); }
};

// Registers --http and --allowed-origin. `flags` must outlive parsing.
void add_http_serve_options(CLI::App& app, HttpServeFlags& flags);

// The options for serve_streamable_http; a usage failure for a malformed --http or
// --allowed-origin, a config failure for an unusable token. Binding anything but a loopback
// address is allowed (it must be asked for explicitly) and warned about on stderr. `redactor`,
// when given, learns the token.
Outcome<gateway::HttpServeOptions> resolve_http_serve_options(const HttpServeFlags& flags,
                                                              const config::Configuration& config,
                                                              http::Redactor* redactor);

// "127.0.0.1:8080", "localhost:0", "[::1]:9000", "0.0.0.0:8080" → host ("::1" without brackets)
// and port; a usage failure otherwise.
Outcome<gateway::HttpServeOptions> parse_listen_address(std::string_view text);

}  // namespace kosmo::cli
