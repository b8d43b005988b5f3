#include "lib/cli/call_arguments.h"

#include <algorithm>
#include <string_view>

#include "lib/common/json_parse.h"

namespace kosmo::cli {
namespace {

using integrations::Function;
using integrations::Parameter;
using integrations::ParamType;

const Parameter* find_parameter(const Function& function, std::string_view name) {
  for (const Parameter& parameter : function.parameters) {
    if (parameter.name == name) return &parameter;
  }
  return nullptr;
}

// The parameter's own spelling when `name` only differs in '-' for '_'; else KosmoKrator's
// normalisation ('-' becomes '_').
std::string parameter_name(const Function& function, std::string_view name) {
  if (find_parameter(function, name) != nullptr) return std::string(name);
  std::string underscored(name);
  std::replace(underscored.begin(), underscored.end(), '-', '_');
  return underscored;
}

rapidjson::Value flag_value(const Parameter* parameter, const CallFlag& flag,
                            rapidjson::Document::AllocatorType& allocator) {
  if (flag.bare) return rapidjson::Value(true);
  const std::optional<std::string> literal = flag_json_literal(flag);
  rapidjson::Document parsed(&allocator);
  const bool is_json = literal && !parse_json(*literal, parsed).IsError();
  // A parameter that takes text (or one text item for a list) keeps it as written, numeric
  // looking or not: phone numbers and IDs must not turn into numbers.
  const bool string_param = parameter != nullptr && parameter->type == ParamType::kString;
  const bool scalar_list =
      parameter != nullptr && parameter->type == ParamType::kArray && parameter->accept_scalar;
  const bool keep_json =
      is_json && (string_param ? parsed.IsString() : !scalar_list || parsed.IsArray());
  if (keep_json) return rapidjson::Value(parsed, allocator);
  return rapidjson::Value(flag.value.data(), static_cast<rapidjson::SizeType>(flag.value.size()),
                          allocator);
}

}  // namespace

std::optional<std::string> parse_payload_object(const std::optional<std::string>& payload,
                                                rapidjson::Document& named) {
  named.SetObject();
  if (!payload) return std::nullopt;
  const rapidjson::ParseResult parsed = parse_json(*payload, named);
  if (parsed.IsError()) {
    return "The JSON payload is not valid JSON: " + describe_json_error(parsed) + " (at byte " +
           std::to_string(parsed.Offset()) + ").";
  }
  if (!named.IsObject()) {
    return std::string("JSON payload must decode to an object, e.g. '{\"group_id\": \"g1\"}'.");
  }
  return std::nullopt;
}

void set_argument(rapidjson::Document& named, const std::string& key, rapidjson::Value& value) {
  const auto existing = named.FindMember(key.c_str());
  if (existing != named.MemberEnd()) {
    existing->value = value;
    return;
  }
  named.AddMember(rapidjson::Value(key.c_str(), named.GetAllocator()), value, named.GetAllocator());
}

std::optional<std::string> collect_call_arguments(const Function& function,
                                                  const CallCommandLine& line,
                                                  rapidjson::Document& named) {
  if (auto error = parse_payload_object(line.payload, named)) return error;
  for (const CallFlag& flag : line.flags) {
    const std::string name = parameter_name(function, flag.key);
    rapidjson::Value value = flag_value(find_parameter(function, name), flag, named.GetAllocator());
    set_argument(named, name, value);
  }
  return std::nullopt;
}

}  // namespace kosmo::cli
