#include "lib/cli/lua_command.h"

#include <spdlog/spdlog.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <system_error>

#include "lib/cli/code_source.h"
#include "lib/cli/command_context.h"
#include "lib/cli/count_option.h"
#include "lib/cli/live_progress.h"
#include "lib/cli/logging.h"
#include "lib/cli/run_flag_options.h"
#include "lib/cli/run_report.h"
#include "lib/cli/seconds_option.h"
#include "lib/cli/signal_watch.h"
#include "lib/common/error_codes.h"

namespace kosmo::cli {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char kIntegrationsExamples[] = R"(Examples:
  kosmo integrations:lua --eval 'dump(app.integrations.sinch.get_group({group_id = "g1"}))' --json
  kosmo integrations:lua workflow.lua --force --json
  kosmo integrations:lua --eval 'print(docs.read("sinch.get_group"))'
  kosmo integrations:lua --eval 'for g in app.paginate(app.integrations.sinch.list_groups, {}) do print(g.name) end'
  echo 'return json.encode({ok = true})' | kosmo integrations:lua --json
  kosmo integrations:lua --eval 'while true do end' --cpu-limit 1 --json   # exit 3
  kosmo integrations:lua report.lua --arg day=2026-12-01 --arg-json 'ids=[1,2]' --json
  kosmo integrations:lua report.lua --input params.json --arg day="$DAY" --json
  echo '{"day": "2026-12-01"}' | kosmo integrations:lua --eval 'return args.day' --input -
  kosmo integrations:lua workflow.lua --json --progress -v --log-format json > envelope.json
      # CI/cron: print() lines, one line per HTTP call and retry, all as JSON lines on stderr

Inputs: --input (JSON objects, in order), then --arg and --arg-json as given, a later one
winning, make the read-only table `args` (args.day, args.ids[1]); values are data, never
spliced into the Lua source. --arg values are strings; use --arg-json for numbers and tables.
)";

constexpr const char kMcpExamples[] = R"(Examples:
  kosmo mcp:lua --eval 'return json.encode({1, 2, 3})' --json
  kosmo mcp:lua workflow.lua --cpu-limit 5 --json
  kosmo mcp:lua --eval 'return app.mcp.fs.read_file({path = args.path})' --arg path=README.md
  kosmo mcp:lua workflow.lua --json -vv 2> mcp.log   # every JSON-RPC message, redacted

Inputs: --input, --arg and --arg-json make the read-only table `args`, as for integrations:lua.
)";

// The run's wall-clock bound. A REPL session gets no default: it lasts as long as its user types.
std::optional<double> wall_clock_bound(const LuaCommandOptions& options) {
  if (options.repl && !options.flags.timeout) return std::nullopt;
  return options.flags.run_timeout();
}

ProgressChoice progress_for(const LuaCommandOptions& options) {
  ProgressSituation situation;
  situation.progress_flag = options.progress;
  situation.json = options.flags.json;
  situation.repl = options.repl;
  situation.stderr_terminal = isatty(STDERR_FILENO) == 1;
  situation.term = std::getenv("TERM");
  situation.log = log_settings();
  return choose_progress(situation);
}

}  // namespace

void add_lua_options(CLI::App& app, LuaFlavor flavor, LuaCommandOptions& options) {
  const bool integrations = flavor == LuaFlavor::kIntegrations;
  options.flavor = flavor;
  app.footer(std::string(integrations ? kIntegrationsExamples : kMcpExamples) + "\n" +
             exit_code_summary());
  app.add_option("file", options.file, "Lua file to run, at most 16 MiB ('-' reads stdin)");
  app.add_option("-e,--eval", options.eval, "Lua code to run (wins over FILE)");
  add_script_args_options(app, options.inputs);
  add_run_flags(app, options.flags, {RunFlag::kJson, RunFlag::kForce, RunFlag::kDryRun});
  app.add_option("--memory-limit", options.memory_limit,
                 "Lua heap limit in bytes; also the largest response body accepted")
      ->check(count_check(size_t{64 * 1024}, size_t{1} << 40, "bytes"));
  app.add_option("--cpu-limit", options.cpu_limit, "Seconds of Lua execution (CPU time)")
      ->check(seconds_check());
  add_run_flags(app, options.flags, {RunFlag::kTimeout});
  app.add_option("--output-limit", options.output_limit, "Cap on printed output in bytes")
      ->check(count_check(size_t{1}, size_t{1} << 34, "bytes"));
  add_run_flags(app, options.flags,
                {RunFlag::kRecordReplay, RunFlag::kDeterministic, RunFlag::kElicitation});
  if (integrations) {
    app.add_flag("--repl", options.repl, "Interactive prompt; one sandbox across lines");
  }
  app.add_flag("--progress", options.progress,
               "Stream print() output to stderr as it happens (automatic with --json when stderr "
               "is a terminal); the envelope's output is unchanged");
}

int run_lua_command(const LuaCommandOptions& options) {
  const Clock::time_point started = Clock::now();
  // First, so that a signal at any moment of the run still ends with an envelope and no server
  // left; last to go, after the runtimes have stopped their servers. The REPL keeps the default
  // actions: Ctrl-C at its prompt ends the session as in any shell.
  std::optional<SignalWatch> signals;
  try {
    if (!options.repl) signals.emplace();
  } catch (const std::system_error& e) {
    spdlog::warn("SIGINT and SIGTERM will end this run without an envelope: {}", e.what());
  }
  RunReport report(options.flags);
  if (options.repl && options.flags.json) {
    return report.usage_error("--repl cannot be combined with --json");
  }
  if (auto problem = run_flags_problem(options.flags)) return report.usage_error(*problem);
  const std::optional<double> timeout = wall_clock_bound(options);
  const Deadline deadline = lua_run_deadline(timeout, started);
  const bool code_from_stdin = options.repl || ((!options.eval || options.eval->empty()) &&
                                                (options.file.empty() || options.file == "-"));
  if (auto conflict = script_args_conflict(options.inputs, code_from_stdin)) {
    return report.usage_error(*conflict);
  }
  std::optional<CodeSource> source;
  CodeSourceError error;
  if (!options.repl) {
    source = resolve_code(options.eval, options.file, {timeout, deadline}, error);
    if (!source) return report.fail_without_run(error.message, error.code);
  }
  const std::optional<rapidjson::Document> args =
      read_script_args(options.inputs, {timeout, deadline}, error);
  if (!args) return report.fail_without_run(error.message, error.code);
  CommandContext context(options.flags, deadline);
  report.redact_with(&context.redactor());
  LuaRunSettings settings;
  settings.flavor = options.flavor;
  settings.flags = options.flags;
  settings.memory_limit = options.memory_limit;
  settings.cpu_limit = options.cpu_limit;
  settings.output_limit = options.output_limit;
  settings.wall_seconds = timeout;
  settings.started = started;
  settings.repl = options.repl;
  std::optional<LiveProgress> progress;
  try {
    progress.emplace(progress_for(options), log_settings(), context.redactor());
  } catch (const std::exception& e) {
    return report.internal_error(e.what());
  }
  LuaRunHooks hooks;
  if (progress->choice().any()) hooks.observer = &*progress;
  hooks.signals = signals ? &*signals : nullptr;
  hooks.before_report = [&progress] { progress->stop(); };
  return run_lua_code(context, settings, source, *args, report, hooks);
}

}  // namespace kosmo::cli
