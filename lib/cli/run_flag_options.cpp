#include "lib/cli/run_flag_options.h"

namespace kosmo::cli {

void add_run_flags(CLI::App& app, RunFlags& flags, std::initializer_list<RunFlag> which) {
  for (RunFlag flag : which) {
    switch (flag) {
      case RunFlag::kJson:
        add_json_flag(app, flags.json);
        break;
      case RunFlag::kForce:
        app.add_flag("--force", flags.force,
                     "Bypass the read/write permission policy (not MCP trust, not --dry-run)");
        break;
      case RunFlag::kDryRun:
        app.add_flag("--dry-run", flags.dry_run,
                     "Run reads; return the request of each write instead of sending it");
        break;
      case RunFlag::kDeterministic:
        app.add_flag("--deterministic", flags.deterministic,
                     "Zero the time-dependent envelope fields so runs compare byte for byte");
        break;
      case RunFlag::kRecordReplay:
        app.add_option("--record", flags.record,
                       "Write every HTTP exchange of the run to this cassette (secrets redacted)");
        app.add_option("--replay", flags.replay,
                       "Answer every HTTP request from this cassette; never touch the network");
        break;
      case RunFlag::kTimeout:
        app.add_option("--timeout", flags.timeout,
                       "Wall-clock bound for the whole run (HTTP and MCP included), seconds")
            ->check(CLI::PositiveNumber);
        break;
    }
  }
}

void add_json_flag(CLI::App& app, bool& json) {
  app.add_flag("--json", json, "Print exactly one JSON document on stdout");
}

std::optional<std::string> run_flags_problem(const RunFlags& flags) {
  if (flags.recording() && flags.replaying()) return "--record and --replay cannot be combined";
  return std::nullopt;
}

}  // namespace kosmo::cli
