#include "lib/cli/call_arguments.h"

#include <rapidjson/error/en.h>

#include <algorithm>
#include <string_view>

namespace kosmo::cli {
namespace {

using integrations::Function;
using integrations::Parameter;
using integrations::ParamType;

// Same bound as json.decode: deeper values could not reach a script either, and the recursive
// writers that print the result must not run out of stack.
constexpr int kMaxDepth = 512;

constexpr auto kParseFlags = rapidjson::kParseIterativeFlag;

// Nesting depth of `value`, counting no further than `limit` levels (the count stays bounded, and
// so does this recursion).
int depth_of(const rapidjson::Value& value, int limit) {
  if (limit <= 0) return 1;
  int deepest = 0;
  if (value.IsArray()) {
    for (const auto& item : value.GetArray()) {
      deepest = std::max(deepest, depth_of(item, limit - 1));
    }
    return deepest + 1;
  }
  if (value.IsObject()) {
    for (const auto& member : value.GetObject()) {
      deepest = std::max(deepest, depth_of(member.value, limit - 1));
    }
    return deepest + 1;
  }
  return 0;
}

const Parameter* find_parameter(const Function& function, std::string_view name) {
  for (const Parameter& parameter : function.parameters) {
    if (parameter.name == name) return &parameter;
  }
  return nullptr;
}

// The parameter's own spelling when `name` only differs in '-' for '_'; else `name` as given.
std::string parameter_name(const Function& function, std::string_view name) {
  if (find_parameter(function, name) != nullptr) return std::string(name);
  std::string underscored(name);
  std::replace(underscored.begin(), underscored.end(), '-', '_');
  return find_parameter(function, underscored) != nullptr ? underscored : std::string(name);
}

rapidjson::Value pair_value(const Parameter* parameter, std::string_view text,
                            rapidjson::Document::AllocatorType& allocator) {
  rapidjson::Document parsed(&allocator);
  parsed.Parse<kParseFlags>(text.data(), text.size());
  const bool is_json = !parsed.HasParseError() && depth_of(parsed, kMaxDepth + 1) <= kMaxDepth;
  // A parameter that takes text (or one text item for a list) keeps it as written, numeric
  // looking or not: phone numbers and IDs must not turn into numbers.
  const bool string_param = parameter != nullptr && parameter->type == ParamType::kString;
  const bool scalar_list =
      parameter != nullptr && parameter->type == ParamType::kArray && parameter->accept_scalar;
  const bool keep_json =
      is_json && (string_param ? parsed.IsString() : !scalar_list || parsed.IsArray());
  if (keep_json) return rapidjson::Value(parsed, allocator);
  return rapidjson::Value(text.data(), static_cast<rapidjson::SizeType>(text.size()), allocator);
}

std::optional<std::string> parse_json_object(const std::string& text, rapidjson::Document& named) {
  named.Parse<kParseFlags>(text.c_str(), text.size());
  if (named.HasParseError()) {
    return "The JSON argument is not valid JSON: " +
           std::string(rapidjson::GetParseError_En(named.GetParseError())) + " (at byte " +
           std::to_string(named.GetErrorOffset()) + ").";
  }
  if (!named.IsObject()) {
    return std::string("The JSON argument must be an object of named arguments, e.g. ") +
           "'{\"group_id\": \"g1\"}'.";
  }
  if (depth_of(named, kMaxDepth + 1) > kMaxDepth) {
    return "The JSON argument nests deeper than " + std::to_string(kMaxDepth) + " levels.";
  }
  return std::nullopt;
}

// `json_keys`: how many of the first members of `named` came from the JSON object.
std::optional<std::string> add_pair(const Function& function, const std::string& pair,
                                    size_t json_keys, rapidjson::Document& named) {
  const size_t equals = pair.find('=');
  if (pair.rfind("--", 0) != 0 || equals == std::string::npos || equals == 2) {
    return "Unexpected argument '" + pair + "'. Give parameters as --name=value (or as one " +
           "JSON object).";
  }
  const std::string name = parameter_name(function, std::string_view(pair).substr(2, equals - 2));
  const auto existing = named.FindMember(name.c_str());
  if (existing != named.MemberEnd()) {
    const bool in_json = static_cast<size_t>(existing - named.MemberBegin()) < json_keys;
    return "Argument '" + name + "' is given twice" +
           (in_json ? " (in the JSON object and as --" + name + "=...)." : ".");
  }
  auto& allocator = named.GetAllocator();
  named.AddMember(rapidjson::Value(name.c_str(), allocator),
                  pair_value(find_parameter(function, name),
                             std::string_view(pair).substr(equals + 1), allocator),
                  allocator);
  return std::nullopt;
}

}  // namespace

std::optional<std::string> collect_call_arguments(const Function& function,
                                                  const std::optional<std::string>& json_object,
                                                  const std::vector<std::string>& pairs,
                                                  rapidjson::Document& named) {
  named.SetObject();
  if (json_object) {
    if (auto error = parse_json_object(*json_object, named)) return error;
  }
  const size_t json_keys = named.MemberCount();
  for (const std::string& pair : pairs) {
    if (auto error = add_pair(function, pair, json_keys, named)) return error;
  }
  return std::nullopt;
}

}  // namespace kosmo::cli
