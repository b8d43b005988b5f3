#include "lib/gateway/streamable_http_server.h"

#include <cstdio>
#include <string>

#include "lib/common/error_codes.h"
#include "lib/gateway/http_listener.h"
#include "lib/gateway/http_request_guards.h"
#include "lib/gateway/http_server_limits.h"
#include "lib/gateway/mcp_http_endpoint.h"

namespace kosmo::gateway {
namespace {

// "127.0.0.1", "localhost", "[::1]" (an IPv6 literal in brackets, as URLs write it).
std::string url_host(const std::string& host) {
  const std::string_view bare = unbracket_host(host);
  std::string out;
  const bool ipv6 = bare.find(':') != std::string_view::npos;
  if (ipv6) out += '[';
  out += bare;
  if (ipv6) out += ']';
  return out;
}

}  // namespace

int serve_streamable_http(const HttpServeOptions& options, const SessionFactory& make_session,
                          const std::atomic<bool>& stop) {
  return serve_streamable_http(options, make_session, stop, HttpServerLimits{});
}

int serve_streamable_http(const HttpServeOptions& options, const SessionFactory& make_session,
                          const std::atomic<bool>& stop, const HttpServerLimits& limits) {
  Outcome<HttpListener> listener = HttpListener::open(options.host, options.port);
  if (!listener) {
    std::fprintf(stderr, "kosmo mcp:serve: %s\n", listener.error().message.c_str());
    return kExitConfig;
  }
  McpHttpEndpoint endpoint(options, make_session, limits, is_loopback_host(options.host));
  std::fprintf(stderr, "kosmo mcp:serve listening on http://%s:%d/mcp\n",
               url_host(options.host).c_str(), listener->port());
  std::fflush(stderr);
  listener->serve(
      [&endpoint](HttpRequest& request, HttpConnection& connection) {
        return endpoint.handle(request, connection);
      },
      options.max_body_bytes, limits, stop);
  endpoint.end_all_sessions();
  return kExitOk;
}

}  // namespace kosmo::gateway
