#include "lib/cli/lua_run.h"

#include <spdlog/spdlog.h>

#include <iostream>

#include "lib/cli/composite_dispatcher.h"
#include "lib/cli/mcp_sampling.h"
#include "lib/cli/repl.h"
#include "lib/common/error_codes.h"
#include "lib/http/cassette.h"
#include "lib/lua/doc_registry.h"
#include "lib/lua/mcp_library.h"
#include "lib/lua/sandbox.h"
#include "lib/lua/script_args.h"
#include "lib/lua/script_runner.h"
#include "lib/mcp/mcp_docs.h"

namespace kosmo::cli {
namespace {

using Clock = std::chrono::steady_clock;

lua::SandboxOptions sandbox_options(const LuaRunSettings& settings) {
  lua::SandboxOptions sandbox;
  sandbox.limits.memory_bytes = settings.memory_limit;
  sandbox.limits.cpu_seconds = settings.cpu_limit;
  sandbox.limits.wall_seconds = settings.wall_seconds;
  sandbox.limits.wall_clock_start = settings.started;
  sandbox.limits.output_bytes = settings.output_limit;
  sandbox.limits.cancelled = settings.cancelled;
  sandbox.expose_integrations = settings.flavor == LuaFlavor::kIntegrations;
  sandbox.expose_docs = settings.flavor == LuaFlavor::kIntegrations;
  return sandbox;
}

// Serves app.* only inside the gateway's selection; a call outside it is refused as the policy
// refuses one, inside the run (the script may catch it), and nothing is sent.
class SelectedDispatcher final : public lua::Dispatcher {
 public:
  SelectedDispatcher(lua::Dispatcher& inner, const LuaRunSettings& settings)
      : inner_(inner), settings_(settings) {}

  lua::CallOutcome call(const lua::CallRequest& request) override {
    if (auto refusal = outside_selection(request)) {
      lua::CallOutcome outcome;
      outcome.error_message = std::move(*refusal);
      outcome.error_code = ErrorCode::kPermissionDenied;
      return outcome;
    }
    return inner_.call(request);
  }
  Outcome<std::unique_ptr<lua::PageWalker>> page_walker(const lua::CallRequest& request) override {
    if (auto refusal = outside_selection(request)) {
      return Failure{ErrorCode::kPermissionDenied, std::move(*refusal)};
    }
    return inner_.page_walker(request);
  }

 private:
  std::optional<std::string> outside_selection(const lua::CallRequest& request) const {
    if (request.path.empty()) return std::nullopt;
    const std::string& scope = request.path[0];
    const std::string name = request.path.size() > 1 ? request.path[1] : "";
    if (scope == "integrations" && settings_.integrations &&
        settings_.integrations->count(name) == 0) {
      return "Integration '" + name +
             "' is not served by this MCP gateway (its --integration selection). No external "
             "call was made.";
    }
    if (scope == "mcp" && settings_.mcp_servers && settings_.mcp_servers->count(name) == 0) {
      return "MCP server '" + name +
             "' is not served by this MCP gateway (its --upstream selection). No external call "
             "was made.";
    }
    if (scope == lua::kMcpHelperScope && settings_.mcp_servers && settings_.mcp_servers->empty()) {
      return std::string(
          "This MCP gateway serves no MCP servers to Lua (no --upstream selection).");
    }
    return std::nullopt;
  }

  lua::Dispatcher& inner_;
  const LuaRunSettings& settings_;
};

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

// Runs the code in a fresh sandbox (or the REPL) and reports.
int run_in_sandbox(CommandContext& context, const LuaRunSettings& settings,
                   const std::optional<CodeSource>& source, const rapidjson::Value& args,
                   const lua::SandboxServices& services, RunReport& report,
                   const LuaRunHooks& hooks, McpSampling* sampling) {
  lua::Sandbox sandbox(sandbox_options(settings), services,
                       [&report](lua::LimitKind kind, std::string_view message) {
                         report.last_resort(kind, message);
                       });
  if (sampling != nullptr) sampling->log_calls_to(&sandbox.calls(), services.observer);
  if (auto failure = lua::install_script_args(sandbox, args)) {
    return report.fail_without_run(failure->message, failure->code);
  }
  std::optional<SignalWatch::Subscription> interruption;
  if (hooks.signals != nullptr) {
    interruption.emplace(
        hooks.signals->subscribe([&sandbox](int signal) { sandbox.interrupt(signal); }));
  }

  report.attach(sandbox);
  if (settings.repl) {
    const int exit_code = run_repl(sandbox);
    const std::optional<Failure> unrecorded = context.finish_http();
    if (!unrecorded) return exit_code;
    std::cerr << "Error: " << unrecorded->message << '\n';
    return exit_code_of(unrecorded->code);
  }
  lua::RunOutcome outcome = lua::run_chunk(sandbox, source->code, source->chunkname);
  if (settings.finish_http) {
    if (std::optional<Failure> unrecorded = context.finish_http()) {
      fail_finished_run(outcome, std::move(*unrecorded));
    }
  }
  if (hooks.before_report) hooks.before_report();
  return report.finish(outcome);
}

// Refuses every call: app.mcp.* when the selection serves no MCP server, so no MCP runtime (and
// no reading of its configuration) is made for a run that cannot use it.
class NoMcpDispatcher final : public lua::Dispatcher {
 public:
  lua::CallOutcome call(const lua::CallRequest& request) override {
    lua::CallOutcome outcome;
    outcome.error_message = "Unknown function: app." + request.joined_path() + ".";
    return outcome;
  }
};

}  // namespace

Deadline lua_run_deadline(std::optional<double> timeout, Clock::time_point started) {
  const double start = std::chrono::duration<double>(started.time_since_epoch()).count();
  return Deadline::starting_at(start, timeout);
}

int run_lua_code(CommandContext& context, const LuaRunSettings& settings,
                 const std::optional<CodeSource>& source, const rapidjson::Value& args,
                 RunReport& report, const LuaRunHooks& hooks) {
  const Deadline deadline = lua_run_deadline(settings.wall_seconds, settings.started);
  try {
    auto integrations =
        context.make_integration_runtime(settings.flags, deadline, settings.memory_limit);
    const bool no_mcp = settings.mcp_servers && settings.mcp_servers->empty();
    // Outlives the MCP runtime, whose sessions hold its sampler until they close.
    std::optional<McpSampling> sampling;
    std::unique_ptr<mcp::McpRuntime> mcp;
    NoMcpDispatcher no_mcp_dispatcher;
    if (!no_mcp) mcp = context.make_mcp_runtime(settings.flags, deadline);
    CompositeDispatcher composite(*integrations,
                                  mcp ? static_cast<lua::Dispatcher&>(*mcp) : no_mcp_dispatcher);
    SelectedDispatcher selected(composite, settings);
    const bool selecting = settings.integrations || settings.mcp_servers;
    lua::DocRegistry docs = context.make_doc_registry();
    if (mcp) docs.add(mcp::make_mcp_doc_source(*mcp));
    lua::SandboxServices services;
    services.dispatcher = selecting ? static_cast<lua::Dispatcher*>(&selected) : &composite;
    if (settings.flavor == LuaFlavor::kIntegrations) services.docs = &docs;
    services.observer = hooks.observer;
    if (mcp) {
      sampling.emplace(*services.dispatcher);
      mcp->set_sampler(
          [&sampling](const mcp::SamplingSettings& entry, const rapidjson::Value& params) {
            return sampling->sample(entry, params);
          });
    }
    return run_in_sandbox(context, settings, source, args, services, report, hooks,
                          sampling ? &*sampling : nullptr);
  } catch (const http::CassetteError& e) {
    return report.config_error(e.what());
  } catch (const std::exception& e) {
    return report.internal_error(e.what());
  }
}

}  // namespace kosmo::cli
