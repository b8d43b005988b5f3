#include "lib/gateway/upstream_tools.h"

#include <spdlog/spdlog.h>

#include "lib/common/error_codes.h"
#include "lib/common/json_text.h"
#include "lib/gateway/tool_names.h"
#include "lib/gateway/tool_result_format.h"
#include "lib/gateway/upstream_selection.h"

namespace kosmo::gateway {
namespace {

using json::text;

}  // namespace

UpstreamTools::UpstreamTools(mcp::McpRuntime& runtime, GatewayProfile profile)
    : runtime_(runtime),
      profile_(std::move(profile)),
      servers_(selected_servers(runtime.servers(), profile_.upstreams)) {}

const std::vector<mcp::Tool>* UpstreamTools::tools_of(const mcp::ServerConfig& server) {
  mcp::McpOutcome<const std::vector<mcp::Tool>*> listed = runtime_.tools(server);
  if (!listed) {
    if (warned_.insert(server.name).second) {
      spdlog::warn("MCP server '{}' is not proxied: {}", server.name, listed.error().message);
    }
    return nullptr;
  }
  if (watched_.insert(server.name).second) {
    mcp::McpOutcome<mcp::Session*> live = runtime_.session(server);
    if (live) {
      std::string name = server.name;
      (*live)->set_notification_hook([this, name](std::string_view method) {
        if (method == "notifications/tools/list_changed") changed_.insert(name);
      });
    }
  }
  return *listed;
}

void UpstreamTools::list_tools(rapidjson::Value& tools,
                               rapidjson::Document::AllocatorType& allocator) {
  for (const mcp::ServerConfig* server : servers_) {
    const std::vector<mcp::Tool>* listed = tools_of(*server);
    if (listed == nullptr) continue;
    for (const mcp::Tool& tool : *listed) {
      const bool read = tool.operation == config::Operation::kRead;
      if (!read && !profile_.allow_writes) continue;
      rapidjson::Value entry(rapidjson::kObjectType);
      entry.AddMember("name", text(upstream_tool_name(server->name, tool.lua_name), allocator),
                      allocator);
      std::string description = tool.description.empty()
                                    ? "kosmo proxied " + server->name + "." + tool.name +
                                          " MCP tool."
                                    : tool.description;
      entry.AddMember("description", text(description, allocator), allocator);
      rapidjson::Value schema;
      if (const rapidjson::Value* given = tool.input_schema()) {
        schema.CopyFrom(*given, allocator);
      } else {
        schema.SetObject();
        schema.AddMember("type", "object", allocator);
      }
      entry.AddMember("inputSchema", schema, allocator);
      rapidjson::Value annotations(rapidjson::kObjectType);
      // The server's own hints, with read/write as kosmo decides it (readOnlyHint alone).
      if (tool.definition.IsObject() && tool.definition.HasMember("annotations") &&
          tool.definition["annotations"].IsObject()) {
        annotations.CopyFrom(tool.definition["annotations"], allocator);
        annotations.RemoveMember("title");
      }
      annotations.RemoveMember("readOnlyHint");
      annotations.AddMember("readOnlyHint", read, allocator);
      if (!annotations.HasMember("destructiveHint")) {
        annotations.AddMember("destructiveHint", !read, allocator);
      }
      entry.AddMember("annotations", annotations, allocator);
      tools.PushBack(entry, allocator);
    }
  }
}

bool UpstreamTools::owns(std::string_view name) const {
  std::optional<ParsedToolName> parsed = parse_tool_name(name);
  return parsed && parsed->kind == ParsedToolName::Kind::kMcp;
}

Outcome<rapidjson::Document> UpstreamTools::call_tool(std::string_view name,
                                                      const rapidjson::Value& arguments,
                                                      const ToolCallControl& control) {
  std::optional<ParsedToolName> parsed = parse_tool_name(name);
  const mcp::ServerConfig* server =
      parsed ? server_for_space(servers_, parsed->space) : nullptr;
  if (server == nullptr) return Failure{ErrorCode::kUsage, "Unknown tool: " + std::string(name)};
  if (!arguments.IsObject() && !arguments.IsNull()) {
    return Failure{ErrorCode::kUsage, "Tool arguments must be an object."};
  }
  const size_t max_chars = profile_.max_result_chars;
  mcp::McpOutcome<const std::vector<mcp::Tool>*> listed = runtime_.tools(*server);
  if (!listed) {
    return error_result(listed.error().message, error_code_name(mcp::error_code_of(listed.error().kind)),
                        std::nullopt, max_chars);
  }
  const mcp::Tool* tool = nullptr;
  for (const mcp::Tool& candidate : **listed) {
    if (candidate.lua_name == parsed->function || identifier(candidate.name) == parsed->function) {
      tool = &candidate;
      break;
    }
  }
  if (tool == nullptr) return Failure{ErrorCode::kUsage, "Unknown tool: " + std::string(name)};
  if (tool->operation != config::Operation::kRead && !profile_.allow_writes) {
    return error_result("MCP tool '" + server->name + "." + tool->name +
                            "' is write-capable and this gateway has write_policy=deny "
                            "(start mcp:serve with --write allow to expose it).",
                        error_code_name(ErrorCode::kPermissionDenied), std::nullopt, max_chars);
  }
  if (control.is_cancelled()) {
    return error_result("Cancelled.", error_code_name(ErrorCode::kInterrupted), std::nullopt,
                        max_chars);
  }
  lua::CallRequest request;
  request.has_named = true;
  if (arguments.IsObject()) request.named.CopyFrom(arguments, request.named.GetAllocator());
  request.path = {"mcp", server->name, tool->name};
  lua::CallOutcome outcome = runtime_.call(request);
  if (!outcome.ok) {
    return error_result(outcome.error_message, error_code_name(outcome.error_code),
                        outcome.http_status, max_chars);
  }
  return success_result(outcome.data, max_chars);
}

bool UpstreamTools::tools_changed() {
  // Reading what idle servers sent lets a list_changed arrive between calls too.
  for (const mcp::ServerConfig* server : servers_) {
    if (watched_.count(server->name) == 0) continue;
    mcp::McpOutcome<mcp::Session*> live = runtime_.session(*server);
    if (live) (void)(*live)->poll();
  }
  if (changed_.empty()) return false;
  for (const mcp::ServerConfig* server : servers_) {
    if (changed_.count(server->name) != 0) runtime_.forget_tools(*server);
  }
  changed_.clear();
  return true;
}

}  // namespace kosmo::gateway
