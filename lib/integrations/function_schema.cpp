#include "lib/common/json_text.h"
#include "lib/integrations/function_schema.h"

#include <cmath>
#include <cstdint>
#include <string>

namespace kosmo::integrations {
namespace {

using Allocator = rapidjson::Document::AllocatorType;

using json::text;

// A whole bound as an integer ("minimum": 1, as the manifest wrote it), not 1.0.
rapidjson::Value bound(double value) {
  const bool whole = std::trunc(value) == value && std::fabs(value) < 9.0e15;
  return whole ? rapidjson::Value(static_cast<int64_t>(value)) : rapidjson::Value(value);
}

rapidjson::Value property_schema(const Parameter& parameter, Allocator& allocator) {
  rapidjson::Value property(rapidjson::kObjectType);
  if (parameter.type == ParamType::kStringOrArray ||
      parameter.type == ParamType::kStringOrObject) {
    const bool array = parameter.type == ParamType::kStringOrArray;
    rapidjson::Value types(rapidjson::kArrayType);
    types.PushBack("string", allocator)
        .PushBack(rapidjson::StringRef(array ? "array" : "object"), allocator);
    property.AddMember("type", types, allocator);
  } else {
    property.AddMember("type", rapidjson::StringRef(to_string(parameter.type)),
                       allocator);
  }
  if (!parameter.description.empty()) {
    property.AddMember("description", text(parameter.description, allocator), allocator);
  }
  if (!parameter.enum_values.empty()) {
    rapidjson::Value values(rapidjson::kArrayType);
    for (const std::string& value : parameter.accepted_values()) {
      values.PushBack(text(value, allocator), allocator);
    }
    property.AddMember("enum", values, allocator);
  }
  if (parameter.minimum) property.AddMember("minimum", bound(*parameter.minimum), allocator);
  if (parameter.maximum) property.AddMember("maximum", bound(*parameter.maximum), allocator);
  if (parameter.default_json) {
    // The manifest parser has already checked that the default is valid JSON.
    rapidjson::Document value(&allocator);
    if (!value.Parse(parameter.default_json->c_str()).HasParseError()) {
      property.AddMember("default", rapidjson::Value(value, allocator), allocator);
    }
  }
  return property;
}

}  // namespace

rapidjson::Value function_schema(const Function& function, Allocator& allocator) {
  rapidjson::Value properties(rapidjson::kObjectType);
  rapidjson::Value required(rapidjson::kArrayType);
  for (const Parameter& parameter : function.parameters) {
    properties.AddMember(text(parameter.name, allocator), property_schema(parameter, allocator),
                         allocator);
    if (parameter.required) required.PushBack(text(parameter.name, allocator), allocator);
  }
  rapidjson::Value schema(rapidjson::kObjectType);
  schema.AddMember("type", "object", allocator);
  schema.AddMember("properties", properties, allocator);
  schema.AddMember("required", required, allocator);
  // A JSON-body function sends undeclared arguments on (with a warning), so they are allowed.
  schema.AddMember("additionalProperties", function.takes_json_body(), allocator);
  return schema;
}

}  // namespace kosmo::integrations
