#include "lib/cli/version.h"

namespace kosmo::cli {

std::string version_text() {
  return std::string("kosmo ") + KOSMO_VERSION + " (commit " + kBuildCommit + ")";
}

}  // namespace kosmo::cli
