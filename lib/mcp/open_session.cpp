#include "lib/mcp/open_session.h"

#include <spdlog/spdlog.h>

#include "lib/mcp/config_expansion.h"
#include "lib/mcp/errors.h"
#include "lib/mcp/http_transport.h"
#include "lib/mcp/stdio_transport.h"
#include "lib/mcp/trust.h"

namespace kosmo::mcp {
namespace {

std::unique_ptr<Transport> make_transport(const ServerConfig& expanded,
                                          const config::Environment& environment,
                                          const OpenOptions& options) {
  const std::string server = "MCP server '" + expanded.name + "' ";
  switch (expanded.transport) {
    case TransportType::kStdio:
      return std::make_unique<StdioTransport>(expanded, environment, options.stop_timings);
    case TransportType::kHttp:
      if (options.http_client == nullptr) {
        throw McpError(ErrorKind::kConfig,
                       server + "needs HTTP, which this command does not offer.");
      }
      return std::make_unique<HttpTransport>(expanded, *options.http_client);
    case TransportType::kUnsupported:
      break;
  }
  throw McpError(ErrorKind::kConfig, server + "uses unsupported transport '" + expanded.type +
                                         "' (supported: stdio, http).");
}

}  // namespace

std::unique_ptr<Session> open_session(const ServerConfig& server,
                                      const config::KosmoConfig& user_config,
                                      const OpenOptions& options) {
  if (!server.enabled) {
    throw McpError(ErrorKind::kConfig, "MCP server '" + server.name + "' is disabled.");
  }
  require_trust(server, user_config);
  const config::Environment& environment =
      options.environment != nullptr ? *options.environment : config::process_environment();
  ExpandedServer expanded = expand_server(server, environment);
  for (const std::string& name : expanded.unset_variables) {
    spdlog::warn("MCP server '{}': environment variable {} is not set; using an empty value",
                 server.name, name);
  }
  SessionOptions session_options;
  session_options.server_name = server.name;
  session_options.request_timeout_s = server.timeout_s;
  session_options.initialize_timeout_s = server.timeout_s;
  session_options.remaining_seconds = options.remaining_seconds;
  return std::make_unique<Session>(make_transport(expanded.config, environment, options),
                                   std::move(session_options));
}

}  // namespace kosmo::mcp
