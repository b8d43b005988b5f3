#pragma once
// The integration functions of the selected integrations as MCP tools (KosmoKrator's gateway):
// one tool per function of an enabled, configured integration, named
// integration__<provider>__<function>, with the description from the catalog, the inputSchema
// `integrations:schema` prints, and annotations from the function's operation.
//
// Under write_policy deny, write functions are not listed, and a call to one is refused with an
// isError result (permission_denied) naming the policy before the runtime sees it. Every other
// call goes through the IntegrationRuntime, so the policy decision is the same one
// `integrations:call` makes; with write_policy allow (or --force) the runtime was made with
// --force, as KosmoKrator passes force to its runtime. An `_account` argument picks the account.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lib/common/outcome.h"
#include "lib/gateway/gateway_profile.h"
#include "lib/gateway/tool_provider.h"
#include "lib/integrations/catalog.h"
#include "lib/lua/dispatcher.h"

namespace kosmo::gateway {

struct IntegrationToolSources {
  std::function<const Outcome<integrations::Catalog>&()> catalog;
  // Whether calls through the integration's default account can be made (enabled, configured):
  // only those integrations' functions are tools, as in KosmoKrator.
  std::function<bool(const integrations::Manifest&)> available;
  // The runtime the calls go through (an IntegrationRuntime); borrowed.
  lua::Dispatcher* runtime = nullptr;
};

class IntegrationTools final : public ToolProvider {
 public:
  IntegrationTools(IntegrationToolSources sources, GatewayProfile profile);

  void list_tools(rapidjson::Value& tools,
                  rapidjson::Document::AllocatorType& allocator) override;
  bool owns(std::string_view name) const override;
  Outcome<rapidjson::Document> call_tool(std::string_view name, const rapidjson::Value& arguments,
                                         const ToolCallControl& control) override;

 private:
  struct Entry {
    const integrations::Manifest* manifest;
    const integrations::Function* function;
  };
  // The functions exposed, listed or not (write functions too), in catalog order.
  const std::vector<Entry>& entries();
  bool selected(const std::string& integration) const;

  IntegrationToolSources sources_;
  GatewayProfile profile_;
  bool resolved_ = false;
  std::vector<Entry> entries_;
};

// MCP annotations for an integration function (readOnlyHint, destructiveHint, idempotentHint,
// openWorldHint).
rapidjson::Value function_annotations(const integrations::Function& function,
                                      rapidjson::Document::AllocatorType& allocator);

}  // namespace kosmo::gateway
