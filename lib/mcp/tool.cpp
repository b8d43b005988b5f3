#include "lib/mcp/tool.h"

#include <spdlog/spdlog.h>

#include "lib/mcp/server_config.h"

namespace kosmo::mcp {
namespace {

std::string text_of(const rapidjson::Value& object, const char* key) {
  auto found = object.FindMember(key);
  if (found == object.MemberEnd() || !found->value.IsString()) return "";
  return std::string(found->value.GetString(), found->value.GetStringLength());
}

bool is_read_only(const rapidjson::Value& tool) {
  auto annotations = tool.FindMember("annotations");
  if (annotations == tool.MemberEnd() || !annotations->value.IsObject()) return false;
  auto hint = annotations->value.FindMember("readOnlyHint");
  return hint != annotations->value.MemberEnd() && hint->value.IsBool() && hint->value.GetBool();
}

}  // namespace

const rapidjson::Value* Tool::input_schema() const {
  auto schema = definition.FindMember("inputSchema");
  return schema != definition.MemberEnd() && schema->value.IsObject() ? &schema->value : nullptr;
}

std::vector<Tool> parse_tools(const rapidjson::Value& list, std::string_view server) {
  std::vector<Tool> tools;
  if (!list.IsArray()) return tools;
  for (const auto& entry : list.GetArray()) {
    if (!entry.IsObject() || !entry.HasMember("name") || !entry["name"].IsString()) {
      spdlog::warn("MCP server '{}' listed a tool without a name; it is left out", server);
      continue;
    }
    Tool tool;
    tool.name = text_of(entry, "name");
    tool.lua_name = sanitize_name(tool.name);
    tool.description = text_of(entry, "description");
    tool.operation = is_read_only(entry) ? config::Operation::kRead : config::Operation::kWrite;
    tool.definition.CopyFrom(entry, tool.definition.GetAllocator());
    tools.push_back(std::move(tool));
  }
  return tools;
}

}  // namespace kosmo::mcp
