#include "lib/mcp/trust.h"

#include "lib/mcp/errors.h"

namespace kosmo::mcp {

Trust trust_of(const ServerConfig& server, const config::KosmoConfig& user_config) {
  if (!server.from_project) return Trust::kNotRequired;
  std::optional<std::string> stored = user_config.trusted_fingerprint(server.name);
  if (!stored) return Trust::kUntrusted;
  return *stored == fingerprint(server) ? Trust::kTrusted : Trust::kChanged;
}

bool may_start(const ServerConfig& server, const config::KosmoConfig& user_config) {
  const Trust trust = trust_of(server, user_config);
  return server.enabled && trust != Trust::kUntrusted && trust != Trust::kChanged;
}

McpCheck require_trust(const ServerConfig& server, const config::KosmoConfig& user_config) {
  Trust trust = trust_of(server, user_config);
  if (trust == Trust::kNotRequired || trust == Trust::kTrusted) return std::nullopt;
  const std::string review = "Review its entry in " + server.source_file.string() +
                             ", then run `kosmo mcp:trust " + server.name + "`";
  if (trust == Trust::kChanged) {
    return McpFailure{ErrorKind::kUntrusted, "Project MCP server '" + server.name +
                                                 "' changed since it was trusted. " + review +
                                                 " again."};
  }
  return McpFailure{ErrorKind::kUntrusted,
                    "Project MCP server '" + server.name + "' is not trusted. " + review + "."};
}

}  // namespace kosmo::mcp
