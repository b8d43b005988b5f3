#include "lib/cli/gateway_options.h"

namespace kosmo::cli {

void add_gateway_options(CLI::App& app, gateway::GatewayFlags& flags) {
  app.add_option("--profile", flags.profile,
                 "Gateway profile from config: kosmo.mcp_gateway.profiles.<NAME>");
  app.add_option("--integration", flags.integration, "Integration to expose; repeatable")
      ->take_all();
  app.add_option("--integrations", flags.integrations, "Comma-separated integrations to expose");
  app.add_option("--upstream", flags.upstream, "Configured MCP server to proxy; repeatable")
      ->take_all();
  app.add_option("--upstreams", flags.upstreams, "Comma-separated MCP servers to proxy");
  app.add_option("--write", flags.write,
                 "Write tools: deny (default: not even listed) or allow")
      ->check(CLI::IsMember({"deny", "allow"}));
  app.add_flag("--resources", flags.resources, "Expose the upstream servers' resources (default)");
  app.add_flag("--no-resources", flags.no_resources, "Do not expose upstream resources");
  app.add_flag("--prompts", flags.prompts, "Expose the upstream servers' prompts (default)");
  app.add_flag("--no-prompts", flags.no_prompts, "Do not expose upstream prompts");
  app.add_option("--max-result-chars", flags.max_result_chars,
                 "Longest text a tool result returns (default 50000, at least 1000); longer "
                 "text is cut with a notice");
}

}  // namespace kosmo::cli
