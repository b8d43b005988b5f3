#include "lib/mcp/helper_rows.h"

#include <cmath>
#include <string>

#include "lib/mcp/trust.h"

namespace kosmo::mcp {
namespace {

using Value = rapidjson::Value;
using Allocator = rapidjson::Document::AllocatorType;

Value text(const std::string& value, Allocator& allocator) {
  return Value(value.c_str(), static_cast<rapidjson::SizeType>(value.size()), allocator);
}

// KosmoKrator keeps an absent command or url as null, not "".
Value text_or_null(const std::string& value, Allocator& allocator) {
  return value.empty() ? Value() : text(value, allocator);
}

// A whole number of seconds stays an integer, as KosmoKrator's (int) timeout shows it.
Value seconds(double value) {
  if (std::floor(value) == value && std::fabs(value) < 1e15) {
    return Value(static_cast<int64_t>(value));
  }
  return Value(value);
}

Value permissions(const ServerConfig& server, const config::PermissionPolicy& policy,
                  Allocator& allocator) {
  Value row(rapidjson::kObjectType);
  const std::string key = config::PolicySubject::mcp_server(server.name).key();
  for (config::Operation operation : {config::Operation::kRead, config::Operation::kWrite}) {
    const std::string name(config::operation_name(operation));
    const std::string permission(config::permission_name(policy.permission(key, operation)));
    row.AddMember(text(name, allocator), text(permission, allocator), allocator);
  }
  return row;
}

// McpToolDefinition::parameters(): one row per property, in the schema's order.
Value parameters(const Value& schema, Allocator& allocator) {
  Value rows(rapidjson::kArrayType);
  auto properties = schema.FindMember("properties");
  if (properties == schema.MemberEnd() || !properties->value.IsObject()) return rows;
  auto required = schema.FindMember("required");
  auto is_required = [&](const Value& name) {
    if (required == schema.MemberEnd() || !required->value.IsArray()) return false;
    for (const Value& entry : required->value.GetArray()) {
      if (entry == name) return true;
    }
    return false;
  };
  for (const auto& property : properties->value.GetObject()) {
    auto field = [&](const char* key, const char* otherwise) {
      if (property.value.IsObject()) {
        auto found = property.value.FindMember(key);
        if (found != property.value.MemberEnd() && found->value.IsString()) {
          return Value(found->value, allocator);
        }
      }
      return Value(otherwise, allocator);
    };
    Value row(rapidjson::kObjectType);
    row.AddMember("name", Value(property.name, allocator), allocator);
    row.AddMember("type", field("type", "mixed"), allocator);
    row.AddMember("required", is_required(property.name), allocator);
    row.AddMember("description", field("description", ""), allocator);
    rows.PushBack(row, allocator);
  }
  return rows;
}

}  // namespace

Value server_row(const ServerConfig& server, const config::KosmoConfig& user_config,
                 const config::PermissionPolicy& policy, Allocator& allocator) {
  Value row(rapidjson::kObjectType);
  row.AddMember("name", text(server.name, allocator), allocator);
  row.AddMember("type", text(transport_name(server), allocator), allocator);
  row.AddMember("enabled", server.enabled, allocator);
  row.AddMember("source", text(server.source_label, allocator), allocator);
  row.AddMember("path", text_or_null(server.source_file.string(), allocator), allocator);
  row.AddMember("command", text_or_null(server.command, allocator), allocator);
  Value args(rapidjson::kArrayType);
  for (const std::string& arg : server.args) args.PushBack(text(arg, allocator), allocator);
  row.AddMember("args", args, allocator);
  row.AddMember("url", text_or_null(server.url, allocator), allocator);
  row.AddMember("timeout", seconds(server.timeout_s), allocator);
  row.AddMember("permissions", permissions(server, policy, allocator), allocator);
  row.AddMember("lua_name", text(sanitize_name(server.name), allocator), allocator);
  row.AddMember("project", server.from_project, allocator);
  const Trust trust = trust_of(server, user_config);
  row.AddMember("trusted", trust != Trust::kUntrusted && trust != Trust::kChanged, allocator);
  return row;
}

Value tool_row(const ServerConfig& server, const Tool& tool, Allocator& allocator) {
  // KosmoKrator names the server as configured and the tool by its Lua name in both paths.
  const std::string function = server.name + "." + tool.lua_name;
  Value row(rapidjson::kObjectType);
  row.AddMember("server", text(server.name, allocator), allocator);
  row.AddMember("name", text(tool.name, allocator), allocator);
  row.AddMember("function", text(function, allocator), allocator);
  row.AddMember("lua_path", text("app.mcp." + function, allocator), allocator);
  row.AddMember("description", text(tool.description, allocator), allocator);
  row.AddMember("operation", text(std::string(config::operation_name(tool.operation)), allocator),
                allocator);
  Value schema(rapidjson::kObjectType);
  if (const Value* given = tool.input_schema(); given != nullptr && given->IsObject()) {
    schema.CopyFrom(*given, allocator);
  } else {
    schema.AddMember("type", "object", allocator);
    schema.AddMember("properties", Value(rapidjson::kObjectType), allocator);
  }
  row.AddMember("parameters", parameters(schema, allocator), allocator);
  row.AddMember("schema", schema, allocator);
  row.AddMember("lua_name", text(tool.lua_name, allocator), allocator);
  return row;
}

}  // namespace kosmo::mcp
