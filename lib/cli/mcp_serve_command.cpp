#include "lib/cli/mcp_serve_command.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <csignal>
#include <memory>
#include <string>

#include "lib/cli/code_mode_tools.h"
#include "lib/cli/command_context.h"
#include "lib/cli/command_output.h"
#include "lib/cli/gateway_options.h"
#include "lib/cli/http_serve_options.h"
#include "lib/cli/integration_facts.h"
#include "lib/cli/run_flag_options.h"
#include "lib/cli/signal_watch.h"
#include "lib/common/error_codes.h"
#include "lib/config/credential_env.h"
#include "lib/gateway/call_clock.h"
#include "lib/gateway/gateway_profile.h"
#include "lib/gateway/integration_tools.h"
#include "lib/gateway/mcp_server_session.h"
#include "lib/gateway/stdio_server.h"
#include "lib/gateway/streamable_http_server.h"
#include "lib/gateway/upstream_content.h"
#include "lib/gateway/upstream_tools.h"
#include "lib/mcp/child_process.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(kosmo speaks MCP 2025-11-25 (and the older versions its client accepts) on stdin/stdout;
nothing but JSON-RPC is written to stdout, logs go to stderr.

Tools (sorted by name):
  integration__<provider>__<function>   a function of a selected, configured integration;
                                        inputSchema as integrations:schema prints it
  mcp__<server>__<tool>                 a tool of a proxied MCP server (--upstream)
  lua_execute                           code mode: a whole Lua workflow in one call
                                        {code, args, dry_run, timeout, cpu_limit,
                                        memory_limit, output_limit}; the result is the
                                        integrations:lua --json envelope
  lua_docs_search, lua_docs_read        docs.search and docs.read
Resources of proxied servers appear as kosmo://mcp/<server>/<base64url(uri)>, prompts as
mcp__<server>__<prompt>.

Policy: --write deny (the default) lists no write tool and refuses a call to one
(permission_denied); --write allow lists them and sends integration calls with --force, as
KosmoKrator does. Reads and upstream tools meet the same policy as integrations:call and
mcp:call. Project MCP servers must be trusted (kosmo mcp:trust) unless --force with its opt-in.
Results: structuredContent plus a text block cut at --max-result-chars; a vendor error is a
result with isError: true, error_code and http_status, never a protocol error.

Each tool call is bounded by --timeout (default 300 s, 0: none). -v logs every tool call to
stderr (tool, status, duration). --record/--replay keep the HTTP exchanges in a cassette, as
for integrations:lua. SIGINT/SIGTERM or the end of stdin stop the server and its MCP servers.

With --http HOST:PORT the same gateway speaks MCP's Streamable HTTP at http://HOST:PORT/mcp
(the bound address is printed on stderr; port 0 picks a free one), one session per client.
Browser Origins other than loopback ones (and --allowed-origin) are refused with 403; when
KOSMO_GATEWAY_TOKEN or config kosmo.mcp_gateway.http.token is set, every request needs
"Authorization: Bearer <token>".

Connect Claude Code:
  claude mcp add kosmo -- kosmo mcp:serve --integration sinch

Examples:
  kosmo mcp:serve --integrations missive,sinch
  kosmo mcp:serve --integration sinch --write allow --max-result-chars 20000
  kosmo mcp:serve --upstream github --no-prompts
  kosmo mcp:serve --profile support
  kosmo mcp:serve --integration sinch --http 127.0.0.1:8765
)";

struct ServeOptions {
  gateway::GatewayFlags gateway;
  RunFlags flags;
  HttpServeFlags http;  // --http HOST:PORT, --allowed-origin
};

int fail(const Failure& failure) {
  CommandOutput out(false);
  return out.fail(failure);
}

int run_serve(const ServeOptions& options) {
  if (std::optional<std::string> problem = run_flags_problem(options.flags)) {
    return fail({ErrorCode::kUsage, *problem});
  }
  // Each tool call's own bound (call_clock.h), not one for the whole life of the server.
  gateway::CallClock clock;
  CommandContext context(options.flags, Deadline::after(options.flags.run_timeout(), clock));
  if (std::optional<Failure> unusable = context.unusable(false)) return fail(*unusable);
  std::optional<gateway::HttpServeOptions> http;
  if (options.http.wants_http()) {
    Outcome<gateway::HttpServeOptions> resolved_http =
        resolve_http_serve_options(options.http, context.config(), nullptr);
    if (!resolved_http) return fail(resolved_http.error());
    http = *resolved_http;
  }
  Outcome<gateway::GatewayProfile> resolved = gateway::resolve_profile(
      options.gateway, context.config().user(), context.config().project());
  if (!resolved) return fail(resolved.error());
  const gateway::GatewayProfile profile = *resolved;
  if (profile.integrations.empty() && profile.upstreams.empty()) {
    spdlog::warn(
        "mcp:serve exposes no tools: select integrations (--integration NAME) or MCP servers "
        "(--upstream NAME), or a --profile that does");
  }

  // As KosmoKrator: --write allow (or --force) sends integration calls with force. MCP servers
  // get --force only when given, where it needs its opt-in and then bypasses trust too.
  auto integration_runtime =
      context.make_integration_runtime(0, profile.allow_writes || profile.force);
  auto mcp_runtime = context.make_mcp_runtime(profile.force);
  const config::KosmoConfig& user = context.config().user();
  const config::Environment& environment = context.environment();
  auto provider_lock = std::make_shared<std::mutex>();
  const http::Redactor& redactor = context.redactor();

  gateway::SessionSettings settings;
  settings.server_version = KOSMO_VERSION;  // serverInfo.version: the version alone
  settings.provider_lock = provider_lock;
  settings.before_job = [&clock] { clock.restart(); };
  settings.on_call = [&redactor](std::string_view tool, std::string_view status, double ms) {
    spdlog::info("{}", redactor.redact("mcp:serve tools/call " + std::string(tool) + " " +
                                       std::string(status) + " " + fmt::format("{:.1f}", ms) +
                                       " ms"));
  };
  if (!http) {
    // One client: when it goes away mid-call, stopping the MCP servers makes a call waiting on
    // one return at once.
    settings.interrupt = [] { mcp::signal_all_server_groups(SIGTERM); };
  }

  gateway::SessionFactory make_session =
      [&](std::shared_ptr<gateway::ReplyChannel> standalone)
      -> std::unique_ptr<gateway::ServerSession> {
    gateway::Gateway served;
    gateway::IntegrationToolSources sources;
    sources.catalog = [&context]() -> const Outcome<integrations::Catalog>& {
      return context.catalog();
    };
    sources.available = [&user, &environment](const integrations::Manifest& manifest) {
      return account_status(user, environment, manifest, config::kDefaultAccount) ==
             "configured";
    };
    sources.runtime = integration_runtime.get();
    served.tools.push_back(std::make_unique<gateway::IntegrationTools>(sources, profile));
    served.tools.push_back(std::make_unique<gateway::UpstreamTools>(*mcp_runtime, profile));
    // Code mode (lua_execute, lua_docs_*), under the gateway's selection and write policy.
    CodeModeSettings code_mode;
    code_mode.allow_writes = profile.allow_writes;
    code_mode.force = profile.force;
    code_mode.max_result_chars = profile.max_result_chars;
    const std::optional<double> timeout = options.flags.run_timeout();
    code_mode.max_timeout_seconds = timeout ? *timeout : 0;  // --timeout 0: no bound
    code_mode.integrations.emplace(profile.integrations.begin(), profile.integrations.end());
    code_mode.mcp_servers.emplace(profile.upstreams.begin(), profile.upstreams.end());
    served.tools.push_back(make_code_mode_tools(context, code_mode));
    served.content =
        std::make_unique<gateway::UpstreamContent>(*mcp_runtime, profile, &context.redactor());
    return std::make_unique<gateway::McpServerSession>(std::move(served), settings,
                                                       std::move(standalone));
  };

  std::atomic<bool> stop{false};
  int code;
  {
    SignalWatch watch;
    SignalWatch::Subscription subscription = watch.subscribe([&stop](int) { stop.store(true); });
    code = http ? gateway::serve_streamable_http(*http, make_session, stop)
                : gateway::serve_stdio(make_session, stop);
  }
  clock.restart();  // the servers' stop gets its grace periods, not a spent deadline
  mcp_runtime.reset();
  integration_runtime.reset();
  if (std::optional<Failure> unrecorded = context.finish_http()) return fail(*unrecorded);
  return code;
}

}  // namespace

std::function<int()> define_mcp_serve(CLI::App& app) {
  auto options = std::make_shared<ServeOptions>();
  add_gateway_options(app, options->gateway);
  app.add_flag("--force", options->gateway.force,
               "As KosmoKrator: integration calls bypass the read/write policy; MCP servers "
               "too (and their trust) with the opt-in KOSMO_MCP_ALLOW_FORCE=1");
  add_run_flags(app, options->flags, {RunFlag::kRecordReplay, RunFlag::kTimeout});
  app.get_option("--timeout")
      ->description("Bound on each tool call, in seconds (default 300; 0: none)");
  add_http_serve_options(app, options->http);
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [options] { return run_serve(*options); };
}

}  // namespace kosmo::cli
