#include "e2e/json_schema_check.h"

#include <regex>

namespace kosmo::e2e {
namespace {

std::string TypeOf(const rapidjson::Value& value) {
  if (value.IsNull()) return "null";
  if (value.IsBool()) return "boolean";
  if (value.IsObject()) return "object";
  if (value.IsArray()) return "array";
  if (value.IsString()) return "string";
  return value.IsInt64() || value.IsUint64() ? "integer" : "number";
}

bool HasType(const rapidjson::Value& value, const std::string& type) {
  const std::string actual = TypeOf(value);
  return actual == type || (type == "number" && actual == "integer");
}

bool Matches(const std::string& pattern, const std::string& text) {
  return std::regex_search(text, std::regex(pattern, std::regex::ECMAScript));
}

class Checker {
 public:
  explicit Checker(const rapidjson::Value& root) : root_(root) {}

  void Check(const rapidjson::Value& schema, const rapidjson::Value& value, const std::string& at) {
    if (schema.HasMember("$ref")) {
      const std::string ref = schema["$ref"].GetString();
      const std::string prefix = "#/definitions/";
      const std::string name = ref.substr(prefix.size());
      if (ref.rfind(prefix, 0) != 0 || !root_["definitions"].HasMember(name.c_str())) {
        return Problem(at, "unresolvable $ref " + ref);
      }
      Check(root_["definitions"][name.c_str()], value, at);
    }
    if (schema.HasMember("type") && !TypeMatches(schema["type"], value)) {
      return Problem(at, "is a " + TypeOf(value) + ", not of the schema's type");
    }
    if (schema.HasMember("enum")) {
      bool found = false;
      for (const auto& option : schema["enum"].GetArray()) found |= option == value;
      if (!found) return Problem(at, "is not one of the schema's enum values");
    }
    if (schema.HasMember("oneOf")) {
      int matching = 0;
      for (const auto& option : schema["oneOf"].GetArray()) {
        Checker inner(root_);
        inner.Check(option, value, at);
        matching += inner.problems_.empty() ? 1 : 0;
      }
      if (matching != 1) Problem(at, "matches " + std::to_string(matching) + " of oneOf, not 1");
    }
    if (value.IsObject()) CheckObject(schema, value, at);
    if (value.IsArray()) CheckArray(schema, value, at);
    if (value.IsString()) CheckString(schema, value.GetString(), at);
    if (value.IsNumber()) CheckNumber(schema, value.GetDouble(), at);
  }

  std::vector<std::string> problems_;

 private:
  bool TypeMatches(const rapidjson::Value& type, const rapidjson::Value& value) {
    if (type.IsString()) return HasType(value, type.GetString());
    for (const auto& option : type.GetArray()) {
      if (HasType(value, option.GetString())) return true;
    }
    return false;
  }

  void CheckObject(const rapidjson::Value& schema, const rapidjson::Value& value,
                   const std::string& at) {
    if (schema.HasMember("required")) {
      for (const auto& name : schema["required"].GetArray()) {
        if (!value.HasMember(name)) Problem(at, std::string("lacks ") + name.GetString());
      }
    }
    if (schema.HasMember("minProperties") &&
        value.MemberCount() < schema["minProperties"].GetUint()) {
      Problem(at, "has too few members");
    }
    for (const auto& member : value.GetObject()) {
      const std::string name = member.name.GetString();
      const std::string where = at + "/" + name;
      bool known = false;
      if (schema.HasMember("properties") && schema["properties"].HasMember(member.name)) {
        known = true;
        Check(schema["properties"][member.name], member.value, where);
      }
      if (schema.HasMember("patternProperties")) {
        for (const auto& pattern : schema["patternProperties"].GetObject()) {
          if (!Matches(pattern.name.GetString(), name)) continue;
          known = true;
          Check(pattern.value, member.value, where);
        }
      }
      if (known || !schema.HasMember("additionalProperties")) continue;
      const rapidjson::Value& additional = schema["additionalProperties"];
      if (additional.IsBool()) {
        if (!additional.GetBool()) Problem(where, "is not a field the schema allows");
      } else {
        Check(additional, member.value, where);
      }
    }
  }

  void CheckArray(const rapidjson::Value& schema, const rapidjson::Value& value,
                  const std::string& at) {
    if (schema.HasMember("minItems") && value.Size() < schema["minItems"].GetUint()) {
      Problem(at, "has too few items");
    }
    if (!schema.HasMember("items")) return;
    for (rapidjson::SizeType i = 0; i < value.Size(); ++i) {
      Check(schema["items"], value[i], at + "/" + std::to_string(i));
    }
  }

  void CheckString(const rapidjson::Value& schema, const std::string& text, const std::string& at) {
    if (schema.HasMember("pattern") && !Matches(schema["pattern"].GetString(), text)) {
      Problem(at, "'" + text + "' does not match " + schema["pattern"].GetString());
    }
    if (schema.HasMember("maxLength") && text.size() > schema["maxLength"].GetUint()) {
      Problem(at, "is too long");
    }
  }

  void CheckNumber(const rapidjson::Value& schema, double number, const std::string& at) {
    if (schema.HasMember("minimum") && number < schema["minimum"].GetDouble()) {
      Problem(at, "is below the minimum");
    }
    if (schema.HasMember("maximum") && number > schema["maximum"].GetDouble()) {
      Problem(at, "is above the maximum");
    }
  }

  void Problem(const std::string& at, const std::string& what) {
    problems_.push_back((at.empty() ? "/" : at) + ": " + what);
  }

  const rapidjson::Value& root_;
};

}  // namespace

std::vector<std::string> SchemaCheck(const rapidjson::Value& root, const rapidjson::Value& schema,
                                     const rapidjson::Value& value) {
  Checker checker(root);
  checker.Check(schema, value, "");
  return checker.problems_;
}

}  // namespace kosmo::e2e
