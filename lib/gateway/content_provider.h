#pragma once
// The resources and prompts the gateway exposes (the proxied upstream servers'), beside the
// tools (tool_provider.h). Runs on the gateway's worker thread, like the tool providers.
#include <rapidjson/document.h>

#include <string_view>

#include "lib/common/outcome.h"

namespace kosmo::gateway {

class ContentProvider {
 public:
  virtual ~ContentProvider() = default;
  // Appends MCP Resource / Prompt objects to the arrays; nothing when not exposed.
  virtual void list_resources(rapidjson::Value& resources,
                              rapidjson::Document::AllocatorType& allocator) = 0;
  virtual void list_prompts(rapidjson::Value& prompts,
                            rapidjson::Document::AllocatorType& allocator) = 0;
  // The ReadResourceResult / GetPromptResult. A name or URI the gateway does not expose fails
  // with kUsage (JSON-RPC -32602); an upstream's failure with its own code (-32603).
  virtual Outcome<rapidjson::Document> read_resource(std::string_view uri) = 0;
  virtual Outcome<rapidjson::Document> get_prompt(std::string_view name,
                                                  const rapidjson::Value& arguments) = 0;
};

}  // namespace kosmo::gateway
