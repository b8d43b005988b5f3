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

// Header values ("Bearer <token>": the whole value and the token) and env values whose names
// look like credentials. Other values (paths, log levels) stay readable.
void register_credentials(const ServerConfig& expanded, http::Redactor& redactor) {
  auto add = [&redactor](const std::string& value) {
    redactor.add_secret(value);
    const size_t space = value.find(' ');
    if (space != std::string::npos) redactor.add_secret(value.substr(space + 1));
  };
  for (const auto& [name, value] : expanded.headers) {
    if (http::Redactor::is_sensitive_header(name)) add(value);
  }
  for (const auto& [name, value] : expanded.env) {
    if (http::Redactor::is_sensitive_header(name)) add(value);
  }
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
  if (options.redactor != nullptr) register_credentials(expanded.config, *options.redactor);
  SessionOptions session_options;
  session_options.server_name = server.name;
  session_options.request_timeout_s = server.timeout_s;
  session_options.initialize_timeout_s = server.timeout_s;
  session_options.deadline = options.deadline;
  return std::make_unique<Session>(make_transport(expanded.config, environment, options),
                                   std::move(session_options));
}

}  // namespace kosmo::mcp
