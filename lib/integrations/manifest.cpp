#include "lib/integrations/manifest.h"

#include <algorithm>

namespace kosmo::integrations {

size_t Manifest::visible_function_count() const {
  return std::count_if(functions.begin(), functions.end(),
                       [](const Function& function) { return !function.hidden; });
}

std::vector<std::string> Manifest::undocumented_function_names() const {
  std::vector<std::string> names;
  for (const Function& function : functions) {
    if (!function.hidden && function.undocumented_endpoint) names.push_back(function.name);
  }
  return names;
}

std::vector<std::string> Parameter::accepted_values() const {
  std::vector<std::string> values = enum_values;
  if (values.empty()) return values;  // no enum: any value, aliases or not
  for (const auto& [alias, target] : value_map) {
    if (std::find(values.begin(), values.end(), alias) == values.end()) values.push_back(alias);
  }
  return values;
}

std::string Manifest::endpoint_of(const Function& function) const {
  if (function.path.empty()) return "";  // reached through a hook only
  return function.method + " " + function.base_url.value_or(base_url) +
         function.path_prefix.value_or(path_prefix) + function.path;
}

bool Function::takes_json_body() const {
  if (method == "GET") return false;
  for (const Parameter& parameter : parameters) {
    if (parameter.in == ParamLocation::kBody || parameter.in == ParamLocation::kBodyObject) {
      return true;
    }
  }
  return false;
}

}  // namespace kosmo::integrations
