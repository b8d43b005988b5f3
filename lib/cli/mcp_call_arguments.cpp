#include "lib/cli/mcp_call_arguments.h"

#include <algorithm>

#include "lib/cli/call_arguments.h"
#include "lib/common/json_parse.h"

namespace kosmo::cli {

std::optional<std::string> collect_mcp_arguments(const CallCommandLine& line,
                                                 rapidjson::Document& arguments) {
  if (auto error = parse_payload_object(line.payload, arguments)) return error;
  auto& allocator = arguments.GetAllocator();
  for (const CallFlag& flag : line.flags) {
    std::string key = flag.key;
    std::replace(key.begin(), key.end(), '-', '_');
    rapidjson::Value value;
    const std::optional<std::string> literal = flag_json_literal(flag);
    rapidjson::Document parsed(&allocator);
    if (literal && !parse_json(*literal, parsed).IsError()) {
      value.CopyFrom(parsed, allocator);
    } else {
      value.SetString(flag.value.data(), static_cast<rapidjson::SizeType>(flag.value.size()),
                      allocator);
    }
    set_argument(arguments, key, value);
  }
  return std::nullopt;
}

}  // namespace kosmo::cli
