#include "lib/mcp/open_session.h"

#include <spdlog/spdlog.h>

#include "lib/mcp/config_expansion.h"
#include "lib/mcp/errors.h"
#include "lib/mcp/secret_references.h"
#include "lib/mcp/transport_registry.h"
#include "lib/mcp/trust.h"

namespace kosmo::mcp {
namespace {

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
  for (const std::string* secret : {&expanded.oauth.client_secret, &expanded.oauth.private_key,
                                    &expanded.oauth.id_token, &expanded.oauth.idp_client_secret}) {
    if (!secret->empty()) redactor.add_secret(*secret);
  }
}

}  // namespace

ServerConfig resolved_server(const ServerConfig& server, const config::KosmoConfig& user_config,
                             const config::Environment& environment, http::Redactor* redactor) {
  // Secrets first: "${KOSMO_SECRET:...}" is no variable reference for expand_server.
  ServerConfig with_secrets = server;
  const SecretResolution secrets =
      resolve_secret_references(with_secrets, user_config, environment);
  for (const std::string& reference : secrets.missing) {
    spdlog::warn(
        "MCP server '{}': no secret stored for {} (kosmo mcp:secret:set); using an empty value",
        server.name, reference);
  }
  ExpandedServer expanded = expand_server(with_secrets, environment);
  for (const std::string& name : expanded.unset_variables) {
    spdlog::warn("MCP server '{}': environment variable {} is not set; using an empty value",
                 server.name, name);
  }
  if (redactor != nullptr) {
    register_credentials(expanded.config, *redactor);
    for (const std::string& secret : secrets.inserted) redactor->add_secret(secret);
  }
  return std::move(expanded.config);
}

McpOutcome<std::unique_ptr<Session>> open_session(const ServerConfig& server,
                                                  const config::KosmoConfig& user_config,
                                                  const OpenOptions& options) {
  if (!server.enabled) {
    return McpFailure{ErrorKind::kConfig, "MCP server '" + server.name + "' is disabled."};
  }
  if (!options.trust_bypassed) {
    if (McpCheck untrusted = require_trust(server, user_config)) return std::move(*untrusted);
  }
  if (server.transport == nullptr) {
    return McpFailure{ErrorKind::kConfig,
                      "MCP server '" + server.name + "' uses unsupported transport '" +
                          server.type + "' (supported: " + supported_transport_names() + ")."};
  }
  const config::Environment& environment =
      options.environment != nullptr ? *options.environment : config::process_environment();
  const ServerConfig expanded = resolved_server(server, user_config, environment, options.redactor);
  SessionOptions session_options;
  session_options.server_name = server.name;
  session_options.request_timeout_s = server.timeout_s;
  session_options.initialize_timeout_s = server.timeout_s;
  session_options.deadline = options.deadline;
  session_options.redactor = options.redactor;
  ClientCapabilities client =
      default_client_capabilities(options.elicitation, expanded.resolved_roots());
  if (expanded.sampling.enabled && options.sampler) {
    client.sample = [sampler = options.sampler, settings = expanded.sampling](
                        const rapidjson::Value& params) { return sampler(settings, params); };
  }
  const TransportContext context{
      environment, options.http_client,   options.stop_timings,  options.redactor,
      &client,     options.listen_stream, options.authorization, options.deadline};
  McpOutcome<std::unique_ptr<Transport>> transport =
      options.open_transport ? options.open_transport(expanded)
                             : server.transport->open(expanded, context);
  if (!transport) return std::move(transport).error();
  return std::make_unique<Session>(std::move(*transport), std::move(session_options));
}

}  // namespace kosmo::mcp
