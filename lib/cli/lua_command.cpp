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
#include "lib/cli/composite_dispatcher.h"
#include "lib/cli/count_option.h"
#include "lib/cli/live_progress.h"
#include "lib/cli/logging.h"
#include "lib/cli/repl.h"
#include "lib/cli/run_flag_options.h"
#include "lib/cli/run_report.h"
#include "lib/cli/seconds_option.h"
#include "lib/cli/signal_watch.h"
#include "lib/common/error_codes.h"
#include "lib/http/cassette.h"
#include "lib/lua/doc_registry.h"
#include "lib/lua/sandbox.h"
#include "lib/lua/script_args.h"
#include "lib/lua/script_runner.h"
#include "lib/mcp/mcp_docs.h"

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

lua::SandboxOptions sandbox_options(const LuaCommandOptions& options, Clock::time_point started) {
  lua::SandboxOptions sandbox;
  sandbox.limits.memory_bytes = options.memory_limit;
  sandbox.limits.cpu_seconds = options.cpu_limit;
  sandbox.limits.wall_seconds = wall_clock_bound(options);
  sandbox.limits.wall_clock_start = started;
  sandbox.limits.output_bytes = options.output_limit;
  sandbox.expose_integrations = options.flavor == LuaFlavor::kIntegrations;
  sandbox.expose_docs = options.flavor == LuaFlavor::kIntegrations;
  return sandbox;
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

// The run's --timeout as a Deadline on the same instant the sandbox's guard counts from, so
// every request of the run, including those the runtimes make after the script ended (closing
// an HTTP MCP session), ends when the guard's budget does.
Deadline run_deadline(std::optional<double> timeout, Clock::time_point started) {
  const double start = std::chrono::duration<double>(started.time_since_epoch()).count();
  return Deadline::starting_at(start, timeout);
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
  add_run_flags(app, options.flags, {RunFlag::kRecordReplay, RunFlag::kDeterministic});
  if (integrations) {
    app.add_flag("--repl", options.repl, "Interactive prompt; one sandbox across lines");
  }
  app.add_flag("--progress", options.progress,
               "Stream print() output to stderr as it happens (automatic with --json when stderr "
               "is a terminal); the envelope's output is unchanged");
}

namespace {

// A failure after the script ended (the cassette could not be written) fails a run that had
// succeeded; its output and call log stay, its result goes, as for every failed run. A run that
// had failed keeps its own error, the first thing that went wrong, and the later one is logged.
void fail_finished_run(lua::RunOutcome& outcome, Failure failure) {
  if (!outcome.success) {
    spdlog::error("{}", failure.message);
    return;
  }
  outcome.success = false;
  outcome.error = std::move(failure.message);
  outcome.error_code = failure.code;
  outcome.result.SetArray();
}

// Runs the code in a fresh sandbox (or the REPL) and reports. `signals` (none for the REPL)
// interrupts the run.
int run_in_sandbox(const LuaCommandOptions& options, Clock::time_point started,
                   const std::optional<CodeSource>& source, const rapidjson::Value& args,
                   const lua::SandboxServices& services, CommandContext& context, RunReport& report,
                   SignalWatch* signals, LiveProgress& progress) {
  lua::Sandbox sandbox(sandbox_options(options, started), services,
                       [&report](lua::LimitKind kind) { report.last_resort(kind); });
  if (auto failure = lua::install_script_args(sandbox, args)) {
    return report.fail_without_run(failure->message, failure->code);
  }
  std::optional<SignalWatch::Subscription> interruption;
  if (signals != nullptr) {
    interruption.emplace(signals->subscribe([&sandbox](int signal) { sandbox.interrupt(signal); }));
  }

  report.attach(sandbox);
  if (options.repl) {
    const int exit_code = run_repl(sandbox);
    const std::optional<Failure> unrecorded = context.finish_http();
    if (!unrecorded) return exit_code;
    std::cerr << "Error: " << unrecorded->message << '\n';
    return exit_code_of(unrecorded->code);
  }
  lua::RunOutcome outcome = lua::run_chunk(sandbox, source->code, source->chunkname);
  if (std::optional<Failure> unrecorded = context.finish_http()) {
    fail_finished_run(outcome, std::move(*unrecorded));
  }
  progress.stop();
  return report.finish(outcome);
}

}  // namespace

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
  const Deadline deadline = run_deadline(timeout, started);
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
  try {
    auto integrations = context.make_integration_runtime(options.memory_limit);
    auto mcp = context.make_mcp_runtime();
    CompositeDispatcher dispatcher(*integrations, *mcp);
    lua::DocRegistry docs = context.make_doc_registry();
    docs.add(mcp::make_mcp_doc_source(*mcp));
    LiveProgress progress(progress_for(options), log_settings(), context.redactor());
    lua::SandboxServices services;
    services.dispatcher = &dispatcher;
    if (options.flavor == LuaFlavor::kIntegrations) services.docs = &docs;
    if (progress.choice().any()) services.observer = &progress;
    return run_in_sandbox(options, started, source, *args, services, context, report,
                          signals ? &*signals : nullptr, progress);
  } catch (const http::CassetteError& e) {
    return report.config_error(e.what());
  } catch (const std::exception& e) {
    return report.internal_error(e.what());
  }
}

}  // namespace kosmo::cli
