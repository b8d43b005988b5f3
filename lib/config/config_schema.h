#pragma once
// The shape config.yaml must have, checked once at load time so that every later read can trust
// it and a mistake is reported with its file, key path and line instead of surfacing as a wrong
// permission or a missing credential much later.
#include <cstddef>
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
// At most `max_entries` mapping entries are walked, aliases expanded. KosmoConfig passes the
// text's size in bytes: without aliases no file reaches it (an entry takes two bytes or more), and
// the later reads walk no more than this does, so reading stays linear in the file's size.
void validate_config(const YAML::Node& root, const std::filesystem::path& file, size_t max_entries);

}  // namespace kosmo::config
