#include "lib/cli/integration_pages.h"

#include <algorithm>

#include "lib/cli/catalog_lookup.h"

namespace kosmo::cli {
namespace {

using Allocator = rapidjson::Document::AllocatorType;
using integrations::Function;
using integrations::Parameter;
using integrations::ParamType;

// KosmoKrator's sample values (IntegrationDocService::sampleValue): 123 for numbers and ids,
// true for booleans, "value" otherwise; kosmo also samples lists and objects, which its binder
// checks. Written as JSON.
std::string sample_json(const Parameter& parameter) {
  switch (parameter.type) {
    case ParamType::kInteger:
    case ParamType::kNumber:
      return "123";
    case ParamType::kBoolean:
      return "true";
    case ParamType::kArray:
      return "[\"value\"]";
    case ParamType::kObject:
      return "{}";
    default:
      break;
  }
  const std::string& name = parameter.name;
  const bool id = name.size() >= 3 && name.compare(name.size() - 3, 3, "_id") == 0;
  return id ? "\"123\"" : "\"value\"";
}

bool is_text(const std::string& json) { return !json.empty() && json.front() == '"'; }

// --group-id=123 --body=value --to='["value"]': flags take text as written.
std::string sample_flags(const Function& function) {
  std::string flags;
  for (const Parameter& parameter : function.parameters) {
    if (!parameter.required) continue;
    std::string flag = parameter.name;
    std::replace(flag.begin(), flag.end(), '_', '-');
    const std::string value = sample_json(parameter);
    // Lists and objects are quoted for the shell; text goes as written.
    const bool shell_quote = value.front() == '[' || value.front() == '{';
    flags += " --" + flag + "=" +
             (is_text(value) ? value.substr(1, value.size() - 2)
              : shell_quote  ? "'" + value + "'"
                             : value);
  }
  return flags;
}

std::string sample_object(const Function& function) {
  std::string json;
  for (const Parameter& parameter : function.parameters) {
    if (!parameter.required) continue;
    json += (json.empty() ? "" : ",") + ("\"" + parameter.name + "\":") + sample_json(parameter);
  }
  return "{" + json + "}";
}

// { group_id = "123", to = {"value"} }
std::string sample_lua_table(const Function& function) {
  std::string table;
  for (const Parameter& parameter : function.parameters) {
    if (!parameter.required) continue;
    std::string value = sample_json(parameter);
    if (parameter.type == ParamType::kArray) value = "{\"value\"}";
    table += (table.empty() ? " " : ", ") + parameter.name + " = " + value;
  }
  return "{" + table + (table.empty() ? "}" : " }");
}

const Function* first_visible(const integrations::Manifest& manifest) {
  for (const Function& function : manifest.functions) {
    if (!function.hidden) return &function;
  }
  return nullptr;
}

}  // namespace

PageSubject page_subject(const integrations::Catalog& catalog, std::string_view page) {
  if (const integrations::Manifest* manifest = catalog.integration(page)) return {manifest};
  std::string ignored;
  if (auto found = find_function(catalog, page, ignored)) {
    return {found->manifest, found->function};
  }
  return {};
}

rapidjson::Value page_json(const integrations::Catalog& catalog, const IntegrationRecords& records,
                           const PageSubject& subject, Allocator& allocator) {
  if (subject.function != nullptr) {
    return records.function_json(*subject.manifest, *subject.function, allocator);
  }
  if (subject.manifest != nullptr) return records.functions_json(*subject.manifest, allocator);
  // KosmoKrator lists every function keyed and sorted by "provider.function".
  std::vector<rapidjson::Value> all;
  for (const integrations::Manifest& manifest : catalog.integrations()) {
    rapidjson::Value functions = records.functions_json(manifest, allocator);
    for (rapidjson::Value& function : functions.GetArray()) all.emplace_back(std::move(function));
  }
  std::stable_sort(
      all.begin(), all.end(), [](const rapidjson::Value& a, const rapidjson::Value& b) {
        return std::string_view(a["name"].GetString()) < std::string_view(b["name"].GetString());
      });
  rapidjson::Value list(rapidjson::kArrayType);
  for (rapidjson::Value& function : all) list.PushBack(function, allocator);
  return list;
}

std::vector<std::string> page_examples(const PageSubject& subject) {
  if (subject.manifest == nullptr) return {};
  const Function* function = subject.function ? subject.function : first_visible(*subject.manifest);
  if (function == nullptr) return {};
  const std::string name = subject.manifest->name + "." + function->name;
  if (subject.function == nullptr) {
    return {"kosmo integrations:docs " + name, "kosmo integrations:schema " + name,
            "kosmo integrations:call " + name + sample_flags(*function)};
  }
  return {"kosmo integrations:call " + name + sample_flags(*function),
          "kosmo integrations:call " + name + " '" + sample_object(*function) + "' --json",
          "local result = app.integrations." + name + "(" + sample_lua_table(*function) + ")"};
}

}  // namespace kosmo::cli
