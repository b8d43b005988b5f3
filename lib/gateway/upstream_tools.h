#pragma once
// The tools of the proxied upstream MCP servers (--upstream), as mcp__<server>__<tool>. Servers
// start through the McpRuntime, so trust is checked as for mcp:lua (an untrusted project server
// is skipped in the list, with a warning, and a call to it is refused as untrusted_server unless
// --force with its opt-in) and every call meets the same policy decision. A tool is a read when
// it declares readOnlyHint; under write_policy deny a write is neither listed nor sent.
//
// When a server sends notifications/tools/list_changed, its tools are listed again and
// tools_changed() reports it once, so the session tells its own client.
#include <atomic>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "lib/gateway/gateway_profile.h"
#include "lib/gateway/tool_provider.h"
#include "lib/mcp/mcp_runtime.h"

namespace kosmo::gateway {

class UpstreamTools final : public ToolProvider {
 public:
  // `runtime` is borrowed; it was made with --force only when the gateway runs with --force.
  UpstreamTools(mcp::McpRuntime& runtime, GatewayProfile profile);

  void list_tools(rapidjson::Value& tools,
                  rapidjson::Document::AllocatorType& allocator) override;
  bool owns(std::string_view name) const override;
  Outcome<rapidjson::Document> call_tool(std::string_view name, const rapidjson::Value& arguments,
                                         const ToolCallControl& control) override;
  bool tools_changed() override;

  const std::vector<const mcp::ServerConfig*>& servers() const { return servers_; }

 private:
  // The server's tools, its session watched for list_changed; a failure to start is warned
  // about once and the server contributes nothing.
  const std::vector<mcp::Tool>* tools_of(const mcp::ServerConfig& server);

  mcp::McpRuntime& runtime_;
  GatewayProfile profile_;
  std::vector<const mcp::ServerConfig*> servers_;
  std::set<std::string> warned_;
  std::set<std::string> watched_;
  // Names of servers that sent list_changed; set from the transport's hook (same thread).
  std::set<std::string> changed_;
};

}  // namespace kosmo::gateway
