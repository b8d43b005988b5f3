#include "lib/integrations/argument_binder.h"

#include <cctype>
#include <cmath>
#include <vector>

#include "lib/common/json_parse.h"

namespace kosmo::integrations {
namespace {

constexpr const char kNoCall[] = " No external call was made.";

struct Problems {
  std::vector<std::string> missing, wrong_type, invalid, unknown;
  // Parameters the vendor cannot honour, each with the manifest's reason (which names what to
  // use instead); reported after the others, one sentence each.
  std::vector<std::string> refused;

  bool empty() const {
    return missing.empty() && wrong_type.empty() && invalid.empty() && unknown.empty() &&
           refused.empty();
  }
  std::string message(const std::string& path) const {
    std::string parts;
    auto add = [&parts](const char* label, const std::vector<std::string>& names) {
      if (names.empty()) return;
      if (!parts.empty()) parts += "; ";
      parts += label;
      for (size_t i = 0; i < names.size(); ++i) parts += (i ? ", " : " ") + names[i];
    };
    add("missing:", missing);
    add("wrong type:", wrong_type);
    add("invalid:", invalid);
    add("unknown:", unknown);
    std::string reasons;
    for (const std::string& reason : refused) reasons += " Not supported: " + reason;
    if (parts.empty()) return "Invalid arguments for app." + path + "." + reasons + kNoCall;
    return "Invalid arguments for app." + path + " (" + parts + ")." + reasons + kNoCall;
  }
};

const Parameter* find_parameter(const Function& function, std::string_view name) {
  for (const Parameter& parameter : function.parameters) {
    if (parameter.name == name) return &parameter;
  }
  return nullptr;
}

// Coerces `value` to the parameter's type where that is lossless (integral floats to integers,
// an empty array to an object and back, one scalar into a list when allowed). False when the
// type does not fit.
bool coerce(const Parameter& parameter, rapidjson::Value& value,
            rapidjson::Document::AllocatorType& allocator) {
  switch (parameter.type) {
    case ParamType::kString:
      return value.IsString();
    case ParamType::kInteger:
      if (value.IsInt64()) return true;
      if (value.IsDouble() && std::trunc(value.GetDouble()) == value.GetDouble() &&
          std::fabs(value.GetDouble()) < 9.007199254740992e15) {
        value.SetInt64(static_cast<int64_t>(value.GetDouble()));
        return true;
      }
      return false;
    case ParamType::kNumber:
      return value.IsNumber();
    case ParamType::kBoolean:
      return value.IsBool();
    case ParamType::kArray:
      if (value.IsObject() && value.ObjectEmpty()) value.SetArray();
      if (parameter.accept_scalar && (value.IsString() || value.IsNumber())) {
        rapidjson::Value list(rapidjson::kArrayType);
        list.PushBack(value, allocator);
        value = list;
      }
      return value.IsArray();
    case ParamType::kObject:
      if (value.IsArray() && value.Empty()) value.SetObject();
      return value.IsObject();
    case ParamType::kStringOrArray:
      if (value.IsObject() && value.ObjectEmpty()) value.SetArray();
      return value.IsString() || value.IsArray();
    case ParamType::kStringOrObject:
      if (value.IsArray() && value.Empty()) value.SetObject();
      return value.IsString() || value.IsObject();
  }
  return false;
}

// A string holding a JSON object, for object parameters that accept one; "" means {}. The text
// is the script's, of any length: with parse_json, text nesting deeper than a script could pass
// as a table stays a string (so a wrong type) instead of overflowing the stack.
void decode_object_string(rapidjson::Value& value, rapidjson::Document::AllocatorType& allocator) {
  if (value.GetStringLength() == 0) {
    value.SetObject();
    return;
  }
  rapidjson::Document decoded(&allocator);
  const std::string_view text(value.GetString(), value.GetStringLength());
  if (!parse_json(text, decoded).IsError() && decoded.IsObject()) {
    value.CopyFrom(decoded, allocator);
  }
}

void apply_value_map(const Parameter& parameter, rapidjson::Value& value,
                     rapidjson::Document::AllocatorType& allocator) {
  std::string key(value.GetString(), value.GetStringLength());
  for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto mapped = parameter.value_map.find(key);
  if (mapped != parameter.value_map.end()) value.SetString(mapped->second.c_str(), allocator);
}

void check_value(const Parameter& parameter, rapidjson::Value& value,
                 rapidjson::Document::AllocatorType& allocator, Problems& problems) {
  if (parameter.json_string_ok && parameter.type == ParamType::kObject && value.IsString()) {
    decode_object_string(value, allocator);
  }
  if (!parameter.value_map.empty() && value.IsString())
    apply_value_map(parameter, value, allocator);
  if (!coerce(parameter, value, allocator)) {
    problems.wrong_type.push_back(parameter.name + " (expected " + to_string(parameter.type) + ")");
    return;
  }
  if (!parameter.enum_values.empty() && value.IsString()) {
    const std::string text(value.GetString(), value.GetStringLength());
    bool allowed = false;
    for (const std::string& option : parameter.enum_values) allowed = allowed || option == text;
    if (!allowed) {
      std::string options;
      for (const std::string& option : parameter.accepted_values()) {
        options += (options.empty() ? "" : "|") + option;
      }
      problems.invalid.push_back(parameter.name + " (one of " + options + ")");
    }
  }
  if (value.IsNumber()) {
    const double number = value.GetDouble();
    if ((parameter.minimum && number < *parameter.minimum) ||
        (parameter.maximum && number > *parameter.maximum)) {
      problems.invalid.push_back(parameter.name + " (out of range)");
    }
  }
}

// Turns positional arguments into named ones following the parameter order.
std::optional<std::string> name_positional(const Function& function, const std::string& path,
                                           const lua::CallRequest& request, BoundArguments& bound) {
  const auto& positional = request.positional;
  if (positional.Size() > 1 && positional[0].IsObject()) {
    return "app." + path + " accepts one named argument object or positional arguments, not both.";
  }
  if (positional.Size() > function.parameters.size()) {
    return "app." + path + " received too many positional arguments." + kNoCall;
  }
  auto& allocator = bound.values.GetAllocator();
  for (rapidjson::SizeType i = 0; i < positional.Size(); ++i) {
    rapidjson::Value key(function.parameters[i].name.c_str(), allocator);
    rapidjson::Value value(positional[i], allocator);
    bound.values.AddMember(key, value, allocator);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> bind_arguments(const Function& function, const std::string& path,
                                          const lua::CallRequest& request, BoundArguments& bound) {
  auto& allocator = bound.values.GetAllocator();
  if (request.has_named) {
    bound.values.CopyFrom(request.named, allocator);
  } else if (auto error = name_positional(function, path, request, bound)) {
    return error;
  }
  Problems problems;
  // Built in the same allocator, so each accepted argument moves over instead of being copied
  // into a second document (whose first allocation is a 64 KiB pool chunk).
  rapidjson::Value checked(rapidjson::kObjectType);
  for (auto& member : bound.values.GetObject()) {
    const std::string name(member.name.GetString(), member.name.GetStringLength());
    const Parameter* parameter = find_parameter(function, name);
    if (parameter == nullptr && !function.takes_json_body()) {
      problems.unknown.push_back(name);
      continue;
    }
    if (member.value.IsNull()) continue;  // null always passes and is not sent
    if (parameter == nullptr) {
      bound.passthrough.push_back(name);
    } else if (!parameter->refused.empty()) {
      problems.refused.push_back(name + ": " + parameter->refused);
      continue;
    } else {
      check_value(*parameter, member.value, allocator, problems);
    }
    checked.AddMember(member.name, member.value, allocator);  // moves both
  }
  for (const Parameter& parameter : function.parameters) {
    if (checked.HasMember(parameter.name.c_str())) continue;
    if (parameter.default_json) {
      rapidjson::Document fallback(&allocator);
      fallback.Parse(parameter.default_json->c_str());
      checked.AddMember(rapidjson::Value(parameter.name.c_str(), allocator),
                        rapidjson::Value(fallback, allocator), allocator);
    } else if (parameter.required) {
      problems.missing.push_back(parameter.name);
    }
  }
  if (!problems.empty()) return problems.message(path);
  static_cast<rapidjson::Value&>(bound.values).Swap(checked);
  return std::nullopt;
}

}  // namespace kosmo::integrations
