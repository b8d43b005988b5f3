#include "lib/gateway/client_config_json.h"

#include "lib/common/json_parse.h"
#include "lib/common/json_text.h"

namespace kosmo::gateway {
namespace {

Failure cannot_edit(const std::string& file_name, const std::string& why) {
  return Failure{ErrorCode::kConfig, "Cannot edit " + file_name + ": " + why +
                                         ". It was left unchanged; fix it, or add the entry that "
                                         "`kosmo mcp:gateway:export` prints by hand."};
}

}  // namespace

rapidjson::Value json_server_entry(const GatewayServerEntry& entry, bool typed,
                                   rapidjson::Document::AllocatorType& allocator) {
  rapidjson::Value value(rapidjson::kObjectType);
  if (typed) value.AddMember("type", "stdio", allocator);
  value.AddMember("command", json::text(entry.command, allocator), allocator);
  rapidjson::Value args(rapidjson::kArrayType);
  for (const std::string& arg : entry.args) args.PushBack(json::text(arg, allocator), allocator);
  value.AddMember("args", args, allocator);
  return value;
}

Outcome<std::string> with_json_server_entry(std::string_view text, std::string_view map_key,
                                            std::string_view name, const rapidjson::Value& entry,
                                            const std::string& file_name) {
  rapidjson::Document document(rapidjson::kObjectType);
  if (text.find_first_not_of(" \t\r\n") != std::string_view::npos) {
    const rapidjson::ParseResult parsed = parse_json(text, document, JsonDialect::kStrict);
    if (parsed.IsError()) {
      return cannot_edit(file_name, "not valid JSON (" + describe_json_error(parsed) +
                                        " at offset " + std::to_string(parsed.Offset()) + ")");
    }
    if (!document.IsObject()) return cannot_edit(file_name, "the top level is not an object");
  }
  auto& allocator = document.GetAllocator();
  auto map = document.FindMember(json::text(map_key, allocator));
  if (map == document.MemberEnd()) {
    document.AddMember(json::text(map_key, allocator), rapidjson::Value(rapidjson::kObjectType),
                       allocator);
    map = document.MemberEnd() - 1;
  } else if (!map->value.IsObject()) {
    std::string why = "the value of \"";
    why.append(map_key);
    why += "\" is not an object";
    return cannot_edit(file_name, why);
  }
  rapidjson::Value copy(entry, allocator);
  auto existing = map->value.FindMember(json::text(name, allocator));
  if (existing != map->value.MemberEnd()) {
    existing->value = copy;  // in place: the entries around it keep their order
  } else {
    map->value.AddMember(json::text(name, allocator), copy, allocator);
  }
  return json::pretty_text(document) + '\n';
}

}  // namespace kosmo::gateway
