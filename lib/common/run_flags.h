#pragma once
// The options every run-like command shares (integrations:lua, mcp:lua, integrations:call,
// mcp:call and the --json of the companion commands), held once and passed down as one value:
// lib/cli declares them on the command line (run_flag_options.h), the runtimes and the policy
// read them.
#include <optional>
#include <string>

namespace kosmo {

// The wall-clock bound of a run without --timeout. --cpu-limit counts only Lua's own work, so
// without it a loop of slow calls or a stalled server would keep a cron job or an agent waiting
// indefinitely. Five minutes: more than twice the longest per-call budget (Anthropic's 120 s), so
// a slow call and its retries fit with room to spare, while a run that waits on something
// broken still ends, with its envelope, long before a caller would give up on it.
inline constexpr double kDefaultRunTimeoutSeconds = 300;

struct RunFlags {
  bool json = false;  // --json: one JSON document on stdout
  // --force: bypass the read/write policy (never the sandbox or --dry-run); for MCP servers only
  // with the opt-in of config::force_bypass, and then their trust too.
  bool force = false;
  bool dry_run = false;  // --dry-run: writes are described, not sent
  // integrations:call and mcp:call make one call whose --dry-run must not reach the vendor or
  // server at all (as in KosmoKrator), so their reads are described too.
  bool dry_run_reads = false;
  // The MCP gateway's `--write deny` for code mode (lua_execute): every write is refused,
  // whatever config.yaml or --force would allow; --dry-run still describes it. The gateway's
  // integration tools do not even list writes under deny; a Lua run can name any function, so
  // its policy decision has to say no instead.
  bool deny_writes = false;
  bool deterministic = false;     // --deterministic: zero the time-dependent envelope fields
  // --elicitation deny: decline every MCP server's elicitation request, even one the schema's
  // defaults could answer (mcp/client_capabilities.h).
  bool deny_elicitation = false;
  std::string record;             // --record CASSETTE
  std::string replay;             // --replay CASSETTE
  std::optional<double> timeout;  // --timeout SECONDS as given: absent = the default, 0 = none

  // The wall-clock bound of the whole run: --timeout, else kDefaultRunTimeoutSeconds; none for
  // --timeout 0.
  std::optional<double> run_timeout() const {
    if (!timeout) return kDefaultRunTimeoutSeconds;
    if (*timeout <= 0) return std::nullopt;
    return timeout;
  }
  bool replaying() const { return !replay.empty(); }
  bool recording() const { return !record.empty(); }
};

}  // namespace kosmo
