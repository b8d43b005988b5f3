#pragma once
// The resources and prompts of the proxied upstream servers (KosmoKrator's gateway): resources
// under kosmo://mcp/<server>/<base64url(uri)> (tool_names.h), prompts as mcp__<server>__<name>,
// each honouring expose_resources / expose_prompts. Servers start through the McpRuntime, so
// an untrusted project server contributes nothing (and its resource or prompt is refused).
// What upstreams send is redacted, as the runtime redacts tool results.
#include <set>
#include <string>
#include <vector>

#include "lib/gateway/content_provider.h"
#include "lib/gateway/gateway_profile.h"
#include "lib/http/redactor.h"
#include "lib/mcp/mcp_runtime.h"

namespace kosmo::gateway {

class UpstreamContent final : public ContentProvider {
 public:
  // `runtime` and `redactor` (may be null) are borrowed.
  UpstreamContent(mcp::McpRuntime& runtime, GatewayProfile profile,
                  const http::Redactor* redactor);

  void list_resources(rapidjson::Value& resources,
                      rapidjson::Document::AllocatorType& allocator) override;
  void list_prompts(rapidjson::Value& prompts,
                    rapidjson::Document::AllocatorType& allocator) override;
  Outcome<rapidjson::Document> read_resource(std::string_view uri) override;
  Outcome<rapidjson::Document> get_prompt(std::string_view name,
                                          const rapidjson::Value& arguments) override;

 private:
  mcp::Session* session_of(const mcp::ServerConfig& server);
  rapidjson::Document redacted(const rapidjson::Document& document) const;

  mcp::McpRuntime& runtime_;
  GatewayProfile profile_;
  const http::Redactor* redactor_;
  std::vector<const mcp::ServerConfig*> servers_;
  std::set<std::string> warned_;
};

}  // namespace kosmo::gateway
