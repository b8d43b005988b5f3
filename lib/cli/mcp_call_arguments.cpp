#include "lib/cli/mcp_call_arguments.h"

#include "lib/common/json_parse.h"

namespace kosmo::cli {
namespace {

rapidjson::Value pair_value(const std::string& text,
                            rapidjson::Document::AllocatorType& allocator) {
  rapidjson::Document parsed;
  if (!parse_json(text, parsed).IsError()) return rapidjson::Value(parsed, allocator);
  return rapidjson::Value(text.c_str(), static_cast<rapidjson::SizeType>(text.size()), allocator);
}

}  // namespace

std::optional<std::string> collect_mcp_arguments(const std::optional<std::string>& json_object,
                                                 const std::vector<std::string>& pairs,
                                                 rapidjson::Document& arguments) {
  arguments.SetObject();
  if (json_object) {
    if (parse_json(*json_object, arguments).IsError() || !arguments.IsObject()) {
      return "The arguments must be one JSON object, e.g. '{\"message\": \"hi\"}'.";
    }
  }
  auto& allocator = arguments.GetAllocator();
  for (const std::string& pair : pairs) {
    const size_t equals = pair.find('=');
    if (equals == std::string::npos || equals == 0) {
      return "--arg takes key=value, got '" + pair + "'.";
    }
    const std::string key = pair.substr(0, equals);
    if (arguments.HasMember(key.c_str())) return "The argument '" + key + "' is given twice.";
    arguments.AddMember(rapidjson::Value(key.c_str(), allocator),
                        pair_value(pair.substr(equals + 1), allocator), allocator);
  }
  return std::nullopt;
}

}  // namespace kosmo::cli
