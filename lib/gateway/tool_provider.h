#pragma once
// A group of the gateway's tools: the integration functions, the proxied upstream MCP tools, or
// code mode (lua_execute, lua_docs_search, lua_docs_read). The server session (server_session.h)
// lists every provider's tools and routes each tools/call to the provider that owns the name.
//
// Providers run on the gateway's one worker thread, one call at a time: the runtimes behind
// them (HTTP stack, MCP sessions, Lua) are not thread-safe. Only `ToolCallControl` is shared
// with the thread that reads the client.
#include <rapidjson/document.h>

#include <atomic>
#include <functional>
#include <optional>
#include <string_view>

#include "lib/common/outcome.h"

namespace kosmo::gateway {

// What a running call can see of its client.
struct ToolCallControl {
  // Set when the client sends notifications/cancelled for this call, or goes away. A provider
  // checks it between steps and stops early (a Lua run is interrupted by its hook).
  const std::atomic<bool>* cancelled = nullptr;
  // Sends notifications/progress for this call; empty when the request carried no
  // _meta.progressToken.
  std::function<void(double progress, std::optional<double> total, std::string_view message)>
      progress;

  bool is_cancelled() const { return cancelled != nullptr && cancelled->load(); }
};

class ToolProvider {
 public:
  virtual ~ToolProvider() = default;

  // Appends this provider's tools, as MCP Tool objects (name, description, inputSchema,
  // annotations), to the array `tools`.
  virtual void list_tools(rapidjson::Value& tools,
                          rapidjson::Document::AllocatorType& allocator) = 0;
  // Whether `name` belongs to this provider, listed or not: a write tool hidden under
  // `--write deny` is still recognized, so its refusal can name the policy.
  virtual bool owns(std::string_view name) const = 0;
  // Runs the tool. What the tool itself reports (a vendor error, a refused write, a failed Lua
  // run) is a CallToolResult with isError: true; a Failure is for a request the protocol itself
  // rejects (arguments that are not an object: JSON-RPC -32602).
  virtual Outcome<rapidjson::Document> call_tool(std::string_view name,
                                                 const rapidjson::Value& arguments,
                                                 const ToolCallControl& control) = 0;
  // Whether the provider's tool list changed since it was last listed (an upstream server sent
  // notifications/tools/list_changed). The session asks between calls and, on true, sends
  // notifications/tools/list_changed to its client. Runs on the worker like the rest.
  virtual bool tools_changed() { return false; }
};

}  // namespace kosmo::gateway
