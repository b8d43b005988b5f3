#pragma once
// The options every run-like command shares (integrations:lua, mcp:lua, integrations:call,
// mcp:call and the --json of the companion commands), held once and passed down as one value:
// lib/cli declares them on the command line (run_flag_options.h), the runtimes and the policy
// read them.
#include <optional>
#include <string>

namespace kosmo {

struct RunFlags {
  bool json = false;  // --json: one JSON document on stdout
  bool force =
      false;  // --force: bypass the read/write policy (never trust, the sandbox or --dry-run)
  bool dry_run = false;           // --dry-run: writes are described, not sent
  bool deterministic = false;     // --deterministic: zero the time-dependent envelope fields
  std::string record;             // --record CASSETTE
  std::string replay;             // --replay CASSETTE
  std::optional<double> timeout;  // --timeout SECONDS: wall-clock bound of the whole run

  bool replaying() const { return !replay.empty(); }
  bool recording() const { return !record.empty(); }
};

}  // namespace kosmo
