#include "lib/cli/lua_command.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <functional>

#include "lib/cli/code_source.h"
#include "lib/cli/composite_dispatcher.h"
#include "lib/common/error_codes.h"
#include "lib/cli/integration_context.h"
#include "lib/cli/repl.h"
#include "lib/cli/run_report.h"
#include "lib/http/cassette.h"
#include "lib/lua/doc_registry.h"
#include "lib/lua/sandbox.h"
#include "lib/lua/script_runner.h"
#include "lib/mcp/mcp_docs.h"

namespace kosmo::cli {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char kIntegrationsExamples[] = R"(Examples:
  kosmo integrations:lua --eval 'dump(app.integrations.sinch.get_group({group_id = "g1"}))' --json
  kosmo integrations:lua workflow.lua --force --json
  kosmo integrations:lua --eval 'print(docs.read("sinch.get_group"))'
  echo 'return json.encode({ok = true})' | kosmo integrations:lua --json
  kosmo integrations:lua --eval 'while true do end' --cpu-limit 1 --json   # exit 3
)";

constexpr const char kMcpExamples[] = R"(Examples:
  kosmo mcp:lua --eval 'return json.encode({1, 2, 3})' --json
  kosmo mcp:lua workflow.lua --cpu-limit 5 --json
)";

lua::SandboxOptions sandbox_options(const LuaCommandOptions& options, Clock::time_point started) {
  lua::SandboxOptions sandbox;
  sandbox.limits.memory_bytes = options.memory_limit;
  sandbox.limits.cpu_seconds = options.cpu_limit;
  sandbox.limits.wall_seconds = options.timeout;
  sandbox.limits.wall_clock_start = started;
  sandbox.limits.output_bytes = options.output_limit;
  sandbox.expose_integrations = options.flavor == LuaFlavor::kIntegrations;
  sandbox.expose_docs = options.flavor == LuaFlavor::kIntegrations;
  return sandbox;
}

}  // namespace

void add_lua_options(CLI::App& app, LuaFlavor flavor, LuaCommandOptions& options) {
  const bool integrations = flavor == LuaFlavor::kIntegrations;
  options.flavor = flavor;
  CLI::App* command = &app;
  command->footer(std::string(integrations ? kIntegrationsExamples : kMcpExamples) + "\n" +
                  exit_code_summary());
  command->add_option("file", options.file, "Lua file to run ('-' reads stdin)");
  command->add_option("-e,--eval", options.eval, "Lua code to run (wins over FILE)");
  command->add_flag("--json", options.json, "Print exactly one JSON envelope on stdout");
  command->add_flag("--force", options.force, "Bypass the read/write permission policy");
  command->add_flag("--dry-run", options.dry_run,
                    "Run reads; return the request of each write instead of sending it");
  command
      ->add_option("--memory-limit", options.memory_limit,
                   "Lua heap limit in bytes; also the largest response body accepted")
      ->check(CLI::Range(size_t{64 * 1024}, size_t{1} << 40));
  command->add_option("--cpu-limit", options.cpu_limit, "Seconds of Lua execution (CPU time)")
      ->check(CLI::PositiveNumber);
  command
      ->add_option("--timeout", options.timeout,
                   "Wall-clock bound for the whole run (HTTP and MCP included), seconds")
      ->check(CLI::PositiveNumber);
  command->add_option("--output-limit", options.output_limit, "Cap on printed output in bytes")
      ->check(CLI::Range(size_t{1}, size_t{1} << 34));
  command->add_option("--record", options.record,
                      "Write every HTTP exchange of the run to this cassette (secrets redacted)");
  command->add_option("--replay", options.replay,
                      "Answer every HTTP request from this cassette; never touch the network");
  command->add_flag("--deterministic", options.deterministic,
                    "Zero the time-dependent envelope fields so runs compare byte for byte");
  if (integrations) {
    command->add_flag("--repl", options.repl, "Interactive prompt; one sandbox across lines");
  }
}

namespace {

// What is left of --timeout, counted from the run's start (the sandbox's guard counts from the
// same instant): every request of the run, including those the runtimes make after the script
// ended (closing an HTTP MCP session), stays within it.
std::function<std::optional<double>()> remaining_time(std::optional<double> timeout,
                                                      Clock::time_point started) {
  if (!timeout) return [] { return std::optional<double>(); };
  const auto deadline = started + std::chrono::duration<double>(*timeout);
  return [deadline]() -> std::optional<double> {
    const std::chrono::duration<double> left = deadline - Clock::now();
    return std::max(0.0, left.count());
  };
}

// Runs the code in a fresh sandbox (or the REPL) and reports.
int run_in_sandbox(const LuaCommandOptions& options, Clock::time_point started,
                   const std::optional<CodeSource>& source, const lua::SandboxServices& services,
                   IntegrationContext& integrations, RunReport& report) {
  lua::Sandbox sandbox(sandbox_options(options, started), services,
                       [&report](lua::LimitKind kind) { report.last_resort(kind); });

  report.attach(sandbox);
  if (options.repl) return run_repl(sandbox);
  const lua::RunOutcome outcome = lua::run_chunk(sandbox, source->code, source->chunkname);
  try {
    integrations.finish_http();
  } catch (const std::exception& e) {
    spdlog::error("cannot write the cassette: {}", e.what());
  }
  return report.finish(outcome);
}

}  // namespace

int run_lua_command(const LuaCommandOptions& options) {
  const Clock::time_point started = Clock::now();
  RunReport report(options.json, options.deterministic);
  report.set_meta(options.force, options.dry_run);
  if (options.repl && options.json) {
    return report.usage_error("--repl cannot be combined with --json");
  }
  if (!options.record.empty() && !options.replay.empty()) {
    return report.usage_error("--record and --replay cannot be combined");
  }
  std::optional<CodeSource> source;
  if (!options.repl) {
    CodeSourceError error;
    source = resolve_code(options.eval, options.file, error);
    if (!source) return report.usage_error(error.message);
  }
  IntegrationContext integrations;
  report.redact_with(&integrations.redactor());
  integrations::RuntimeOptions runtime_options;
  runtime_options.force = options.force;
  runtime_options.dry_run = options.dry_run;
  runtime_options.remaining_seconds = remaining_time(options.timeout, started);
  runtime_options.max_response_bytes = options.memory_limit;
  try {
    auto runtime =
        integrations.make_runtime(runtime_options, http_mode_from(options.record, options.replay));
    auto mcp = integrations.make_mcp_runtime(
        {options.force, options.dry_run, runtime_options.remaining_seconds});
    CompositeDispatcher dispatcher(*runtime, *mcp);
    lua::DocRegistry docs = integrations.make_doc_registry();
    docs.add(mcp::make_mcp_doc_source(*mcp));
    lua::SandboxServices services;
    services.dispatcher = &dispatcher;
    if (options.flavor == LuaFlavor::kIntegrations) services.docs = &docs;
    return run_in_sandbox(options, started, source, services, integrations, report);
  } catch (const http::CassetteError& e) {
    return report.config_error(e.what());
  } catch (const std::exception& e) {
    return report.internal_error(e.what());
  }
}

}  // namespace kosmo::cli
