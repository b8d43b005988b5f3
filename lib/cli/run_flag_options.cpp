#include "lib/cli/run_flag_options.h"

#include <algorithm>

#include "lib/cli/seconds_option.h"
#include "lib/config/atomic_file.h"

namespace kosmo::cli {
namespace {

// The on/off flags: name, the RunFlags member it sets, help.
struct Switch {
  RunFlag flag;
  const char* name;
  bool RunFlags::*field;
  const char* help;
};
constexpr Switch kSwitches[] = {
    {RunFlag::kJson, "--json", &RunFlags::json, "Print exactly one JSON document on stdout"},
    {RunFlag::kForce, "--force", &RunFlags::force,
     "Bypass the read/write permission policy (not --dry-run); for MCP only with "
     "KOSMO_MCP_ALLOW_FORCE=1, and then MCP trust too"},
    {RunFlag::kDryRun, "--dry-run", &RunFlags::dry_run,
     "Run reads; return the request of each write instead of sending it"},
    {RunFlag::kDeterministic, "--deterministic", &RunFlags::deterministic,
     "Zero the time-dependent envelope fields so runs compare byte for byte"},
};

const Switch* find_switch(RunFlag flag) {
  const auto found = std::find_if(std::begin(kSwitches), std::end(kSwitches),
                                  [flag](const Switch& entry) { return entry.flag == flag; });
  return found == std::end(kSwitches) ? nullptr : found;
}

}  // namespace

void add_run_flags(CLI::App& app, RunFlags& flags, std::initializer_list<RunFlag> which) {
  for (RunFlag flag : which) {
    if (const Switch* entry = find_switch(flag)) {
      app.add_flag(entry->name, flags.*entry->field, entry->help);
    } else if (flag == RunFlag::kRecordReplay) {
      app.add_option("--record", flags.record,
                     "Write every HTTP exchange of the run to this cassette (secrets redacted)");
      app.add_option("--replay", flags.replay,
                     "Answer every HTTP request from this cassette; never touch the network");
    } else if (flag == RunFlag::kTimeout) {
      app.add_option("--timeout", flags.timeout,
                     "Wall-clock bound for the whole run (reading the script, HTTP and MCP "
                     "included), seconds; default 300, 0 for none")
          ->check(seconds_or_zero_check());
    } else if (flag == RunFlag::kElicitation) {
      app.add_option_function<std::string>(
             "--elicitation",
             [&flags](const std::string& policy) { flags.deny_elicitation = policy == "deny"; },
             "How MCP servers' elicitation requests are answered: 'defaults' (accept with the "
             "schema's defaults when they cover every required field, else decline; the "
             "default) or 'deny' (decline all)")
          ->check(CLI::IsMember({"defaults", "deny"}));
    }
  }
}

void add_json_flag(CLI::App& app, bool& json) {
  app.add_flag(find_switch(RunFlag::kJson)->name, json, find_switch(RunFlag::kJson)->help);
}

std::optional<std::string> run_flags_problem(const RunFlags& flags) {
  if (flags.recording() && flags.replaying()) return "--record and --replay cannot be combined";
  if (flags.recording()) {
    if (auto problem = config::atomic_write_problem(flags.record)) {
      return "Cannot record to " + flags.record + ": " + *problem + ".";
    }
  }
  return std::nullopt;
}

}  // namespace kosmo::cli
