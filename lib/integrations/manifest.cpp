#include "lib/integrations/manifest.h"

#include <algorithm>

namespace kosmo::integrations {

std::vector<std::string> Parameter::accepted_values() const {
  std::vector<std::string> values = enum_values;
  if (values.empty()) return values;  // no enum: any value, aliases or not
  for (const auto& [alias, target] : value_map) {
    if (std::find(values.begin(), values.end(), alias) == values.end()) values.push_back(alias);
  }
  return values;
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
