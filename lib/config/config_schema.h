#pragma once
// The shape config.yaml must have, checked once at load time so that every later read can trust
// it and a mistake is reported with its file, key path and line instead of surfacing as a wrong
// permission or a missing credential much later.
#include <filesystem>

namespace YAML {
class Node;
}

namespace kosmo::config {

// Throws ConfigError for the first problem found. Accepted:
//   root: a mapping or empty. Unknown top-level sections are kept and not checked.
//   integrations.<name>: a mapping (or empty) with only these keys:
//     enabled: a YAML boolean
//     permissions: {read|write: allow|ask|deny}
//     accounts.<account>: a mapping of field → scalar (a null field counts as absent)
//   mcp.trusted.<server>: a non-empty string (a fingerprint). Other mcp keys are not checked.
void validate_config(const YAML::Node& root, const std::filesystem::path& file);

}  // namespace kosmo::config
