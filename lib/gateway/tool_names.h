#pragma once
// How the gateway names what it exposes, as KosmoKrator's McpGatewayToolMapper: integration
// functions as `integration__<provider>__<function>`, upstream MCP tools and prompts as
// `mcp__<server>__<tool>`, each part reduced to [a-z0-9_] so every client accepts the name (some
// reject dots and dashes in tool names). Upstream resources keep their own URI, wrapped as
// `kosmo://mcp/<server>/<base64url(uri)>` so reading one finds its server again.
#include <optional>
#include <string>
#include <string_view>

namespace kosmo::gateway {

// Lower-cased, trimmed, each run of characters outside [a-z0-9_] made one '_', leading and
// trailing '_' dropped; "tool" when nothing is left.
std::string identifier(std::string_view value);

std::string integration_tool_name(std::string_view provider, std::string_view function);
std::string upstream_tool_name(std::string_view server, std::string_view tool);

struct ParsedToolName {
  enum class Kind { kIntegration, kMcp };
  Kind kind = Kind::kIntegration;
  std::string space;     // the provider or server part, as written
  std::string function;  // the rest, as written (may hold "__")
};

// nullopt unless `name` is `integration__X__Y` or `mcp__X__Y`.
std::optional<ParsedToolName> parse_tool_name(std::string_view name);

struct ResourceAddress {
  std::string server;
  std::string uri;  // the upstream's own URI
};

std::string gateway_resource_uri(std::string_view server, std::string_view uri);
// Accepts kosmo:// and KosmoKrator's kosmokrator:// form; nullopt for anything else or a part
// that is not base64url.
std::optional<ResourceAddress> parse_gateway_resource_uri(std::string_view uri);

}  // namespace kosmo::gateway
