#include "lib/cli/http_serve_options.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "lib/config/environment.h"
#include "lib/gateway/http_request_guards.h"

namespace kosmo::cli {
namespace {

Failure usage(std::string message) { return Failure{ErrorCode::kUsage, std::move(message)}; }

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "http(s)://host[:port]" with nothing after the authority but an optional '/': what a browser
// sends as Origin.
bool is_origin(std::string_view origin) {
  const size_t scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos) return false;
  const std::string_view scheme = origin.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return false;
  std::string_view authority = origin.substr(scheme_end + 3);
  if (!authority.empty() && authority.back() == '/') authority.remove_suffix(1);
  if (authority.empty()) return false;
  return std::all_of(authority.begin(), authority.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
           c == '[' || c == ']' || c == '_';
  });
}

// A token goes in an Authorization header: visible ASCII only.
bool is_header_safe(std::string_view token) {
  return std::all_of(token.begin(), token.end(), [](char c) { return c > 0x20 && c < 0x7F; });
}

// The token from the environment, else the user's config (a project's config cannot supply
// credentials). nullopt: none; a failure: one that cannot be used.
Outcome<std::string> gateway_token(const config::Configuration& config) {
  if (auto value = config.environment().get(kGatewayTokenVariable); value && !value->empty()) {
    return *value;
  }
  const std::optional<std::string> raw = config.user().mcp_gateway_http_token();
  if (!raw) return std::string();
  return config::expand_value(*raw, config.environment()).value_or(std::string());
}

}  // namespace

void add_http_serve_options(CLI::App& app, HttpServeFlags& flags) {
  app.add_option("--http", flags.http,
                 "Serve MCP's Streamable HTTP transport on HOST:PORT (endpoint /mcp) instead of "
                 "stdio, e.g. 127.0.0.1:8080, localhost:0 (any free port, printed on stderr), "
                 "[::1]:9000. Only loopback unless you name another address (0.0.0.0:8080 is "
                 "reachable from the network). A bearer token is required when "
                 "KOSMO_GATEWAY_TOKEN or config kosmo.mcp_gateway.http.token is set")
      ->type_name("HOST:PORT");
  app.add_option("--allowed-origin", flags.allowed_origins,
                 "With --http: a browser Origin allowed besides loopback ones, e.g. "
                 "https://app.example; repeatable (others are refused with 403)")
      ->type_name("ORIGIN")
      ->take_all();
}

Outcome<gateway::HttpServeOptions> parse_listen_address(std::string_view text) {
  const std::string shown(text);
  std::string_view host;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    const size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return usage("--http " + shown + ": expected [IPV6]:PORT, e.g. [::1]:9000");
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      return usage("--http " + shown + ": expected HOST:PORT, e.g. 127.0.0.1:8080");
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) {
      return usage("--http " + shown + ": write an IPv6 address in brackets, e.g. [::1]:9000");
    }
  }
  if (host.empty()) return usage("--http " + shown + ": HOST is missing, e.g. 127.0.0.1:8080");
  if (!all_digits(port) || port.size() > 5 || std::stoi(std::string(port)) > 65535) {
    return usage("--http " + shown + ": PORT must be a number from 0 to 65535");
  }
  gateway::HttpServeOptions options;
  options.host = std::string(host);
  options.port = std::stoi(std::string(port));
  return options;
}

Outcome<gateway::HttpServeOptions> resolve_http_serve_options(const HttpServeFlags& flags,
                                                              const config::Configuration& config,
                                                              http::Redactor* redactor) {
  Outcome<gateway::HttpServeOptions> options = parse_listen_address(flags.http);
  if (!options) return options;
  for (const std::string& origin : flags.allowed_origins) {
    if (!is_origin(origin)) {
      return usage("--allowed-origin " + origin +
                   ": expected an origin such as https://app.example or http://host:8080");
    }
    options->allowed_origins.push_back(origin);
  }
  Outcome<std::string> token = gateway_token(config);
  if (!token) return std::move(token).error();
  if (!is_header_safe(*token)) {
    return Failure{ErrorCode::kConfig,
                   "The mcp:serve token (KOSMO_GATEWAY_TOKEN or kosmo.mcp_gateway.http.token) "
                   "must be printable ASCII without spaces"};
  }
  if (redactor != nullptr && !token->empty()) redactor->add_secret(*token);
  options->bearer_token = std::move(*token);
  if (!gateway::is_loopback_host(options->host)) {
    spdlog::warn("mcp:serve --http {}: this address is reachable from the network{}", flags.http,
                 options->bearer_token.empty()
                     ? ", and no bearer token is set (KOSMO_GATEWAY_TOKEN): anyone who can reach "
                       "it can call the gateway's tools"
                     : "");
  }
  return options;
}

}  // namespace kosmo::cli
