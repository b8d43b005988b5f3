#include "lib/integrations/manifest.h"

namespace kosmo::integrations {

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
