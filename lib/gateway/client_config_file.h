#pragma once
// One read-change-replace of a coding client's configuration file (client_targets.h), shared
// by the JSON and TOML writers: under a lock, the file is read (missing: empty), `change` turns
// its text into the new text, and the new text replaces the file atomically
// (config/atomic_file.h). Nothing is written when the text is unchanged (a second install
// leaves the file, its mtime included, alone), and nothing when `change` fails: a file kosmo
// cannot understand is left as it is.
#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>

#include "lib/common/outcome.h"
#include "lib/config/environment.h"
#include "lib/gateway/client_targets.h"

namespace kosmo::gateway {

// Clients keep more than MCP servers in these files (~/.claude.json grows with every project
// Claude Code opened), so the limit is far above config.yaml's.
inline constexpr size_t kMaxClientFileBytes = size_t{64} << 20;

struct ClientFileText {
  bool exists = false;
  std::string text;  // "" when missing
};

// `change` gets the current text and returns the new one, or a failure (left unwritten).
// A new file gets mode 0600 in the user scope (the clients keep tokens there) and 0644 in the
// project scope (a file meant to be committed); an existing file keeps its mode.
std::optional<Failure> edit_client_file(
    const ClientTarget& target, const config::Environment& env,
    const std::function<Outcome<std::string>(const ClientFileText&)>& change);

}  // namespace kosmo::gateway
