#include "lib/cli/mcp_login_command.h"

#include <unistd.h>

#include <memory>
#include <string>

#include "lib/cli/command_context.h"
#include "lib/cli/command_output.h"
#include "lib/cli/mcp_command_support.h"
#include "lib/cli/run_flag_options.h"
#include "lib/cli/stderr_lines.h"
#include "lib/common/error_codes.h"
#include "lib/http/curl_http_client.h"
#include "lib/http/redactor.h"
#include "lib/mcp/mcp_outcome.h"
#include "lib/mcp/open_session.h"
#include "lib/mcp/server_authorization.h"
#include "lib/mcp/trust.h"
#include "lib/oauth/authorizer.h"
#include "lib/oauth/token_store.h"

namespace kosmo::cli {
namespace {

constexpr const char kLoginFooter[] =
    R"(Runs the OAuth 2.1 authorization-code flow (PKCE, the resource parameter, dynamic client
registration or the entry's "oauth" client) against the server's authorization server, once. The
URL to approve is printed on stderr and opened with $KOSMO_OAUTH_BROWSER, else $BROWSER, when
set (--no-browser: only printed). kosmo waits on a loopback redirect (http://127.0.0.1:PORT/
callback); from another machine, paste the address the browser ends at on stdin instead. The
tokens are kept sealed (enc:v1:, the credential key) in $KOSMO_HOME/mcp-oauth.json, sent only to
the URL they were issued for, and refreshed by later runs without a browser. A run that needs an
authorization it cannot get fails with error_code "auth_required" (exit 5) naming this command.
For CI, configure the client-credentials grant instead (see the mcp-servers docs page).

Examples:
  kosmo mcp:login linear
  KOSMO_OAUTH_BROWSER=firefox kosmo mcp:login linear --json
  kosmo mcp:status linear --json     # "oauth": {"authorized": true, ...}

JSON (--json):
  {"success": true, "error": null, "error_code": null, "server": "linear",
   "issuer": "https://auth.example.com", "scope": "read write", "expires_at": 1767225600,
   "refresh_token": true, "store_file": "/home/me/.kosmo/mcp-oauth.json"}
  Failures: "usage" (unknown NAME, not an HTTP server, a server that needs no
  authorization), "untrusted_server",
  "auth_required" (refused, timed out, a resource that is not the server's), "config_error".
)";

constexpr const char kLogoutFooter[] =
    R"(Removes the server's entry from $KOSMO_HOME/mcp-oauth.json (tokens and the registered
client). The authorization server may still consider the grant valid until it expires; revoke it
there too if the tokens may have leaked.

Examples:
  kosmo mcp:logout linear --json

JSON (--json):
  {"success": true, "error": null, "error_code": null, "server": "linear", "removed": true,
   "store_file": "/home/me/.kosmo/mcp-oauth.json"}
)";

constexpr double kDefaultLoginWaitSeconds = 300;

struct LoginOptions {
  std::string name;
  bool no_browser = false;
  double timeout_s = kDefaultLoginWaitSeconds;
  bool json = false;
};

struct LogoutOptions {
  std::string name;
  bool json = false;
};

std::string browser_command(const config::Environment& env) {
  for (const char* variable : {mcp::kOAuthBrowserVariable, "BROWSER"}) {
    if (std::optional<std::string> command = env.get(variable); command && !command->empty()) {
      return *command;
    }
  }
  return "";
}

void show_url(const std::string& server, const std::string& url) {
  stderr_lines().write("To authorize kosmo with MCP server '" + server +
                       "', open this URL and approve:\n\n  " + url +
                       "\n\nWaiting for the browser (or paste the address it ends at, then "
                       "Enter)...\n");
}

void describe_login(const oauth::StoredAuthorization& held, const std::string& server,
                    const std::filesystem::path& store_file, CommandOutput& out) {
  auto& allocator = out.allocator();
  auto& payload = out.payload();
  payload.AddMember("server", out.string(server), allocator);
  payload.AddMember("issuer", out.string(held.issuer), allocator);
  payload.AddMember(
      "scope", out.string(held.tokens.scope.empty() ? held.requested_scope : held.tokens.scope),
      allocator);
  if (held.tokens.expires_at != 0) {
    payload.AddMember("expires_at", held.tokens.expires_at, allocator);
  } else {
    payload.AddMember("expires_at", rapidjson::Value(), allocator);
  }
  payload.AddMember("refresh_token", !held.tokens.refresh_token.empty(), allocator);
  payload.AddMember("store_file", out.string(store_file.string()), allocator);
}

// The entry to log in to, checked: known, HTTP, trusted.
Outcome<const mcp::ServerConfig*> login_target(const std::string& name,
                                               const mcp::LoadedServers& loaded,
                                               const config::KosmoConfig& user) {
  const mcp::ServerConfig* server = loaded.find(name);
  if (server == nullptr)
    return Failure{ErrorCode::kUsage, mcp::unknown_server_message(name, loaded)};
  if (server->transport == nullptr || server->transport->starts_process) {
    return Failure{ErrorCode::kUsage, "MCP server '" + name +
                                          "' is not an HTTP server; OAuth applies to Streamable "
                                          "HTTP servers only."};
  }
  if (mcp::McpCheck untrusted = mcp::require_trust(*server, user)) {
    return Failure{ErrorCode::kUntrustedServer, untrusted->message};
  }
  return server;
}

int run_login(const LoginOptions& options) {
  CommandOutput out(options.json);
  CommandContext context;
  if (auto failure = context.unusable(false)) return out.fail(*failure);
  const mcp::LoadedServers loaded = load_configured_servers();
  Outcome<const mcp::ServerConfig*> target =
      login_target(options.name, loaded, context.config().user());
  if (!target) return out.fail(target.error());
  const config::Environment& env = context.environment();
  http::Redactor redactor;
  const mcp::ServerConfig server =
      mcp::resolved_server(**target, context.config().user(), env, &redactor);
  if (server.oauth.disabled) {
    return out.fail("MCP server '" + server.name + "' says \"oauth\": false.", ErrorCode::kUsage);
  }
  http::CurlHttpClient http;
  mcp::McpOutcome<http::HttpResponse> probe = mcp::probe_without_authorization(server, http);
  if (!probe) return out.fail(probe.error().message, ErrorCode::kMcp);
  if (probe->status >= 200 && probe->status < 300) {
    return out.fail("MCP server '" + server.name +
                        "' answered without asking for authorization (HTTP " +
                        std::to_string(probe->status) + "); kosmo needs no token for it.",
                    ErrorCode::kUsage);
  }
  const oauth::TokenStore store(oauth::token_store_file(env), env);
  oauth::AuthorizerContext authorizer_context;
  authorizer_context.server_name = server.name;
  authorizer_context.server_url = server.url;
  authorizer_context.settings = server.oauth;
  authorizer_context.http = &http;
  authorizer_context.store = &store;
  authorizer_context.redactor = &redactor;
  authorizer_context.browser_command = options.no_browser ? "" : browser_command(env);
  authorizer_context.interactive = true;
  authorizer_context.read_stdin = ::isatty(STDIN_FILENO) != 0;
  authorizer_context.wait_s = options.timeout_s;
  authorizer_context.request_timeout_s = server.timeout_s;
  authorizer_context.show_url = [&server](const std::string& url) { show_url(server.name, url); };
  oauth::Authorizer authorizer(std::move(authorizer_context));
  if (std::optional<Failure> failed = authorizer.login(probe->header("www-authenticate"))) {
    return out.fail(*failed);
  }
  describe_login(*authorizer.held(), server.name, store.file(), out);
  return out.succeed("Authorized kosmo with MCP server '" + server.name + "'; tokens kept in " +
                     store.file().string() + ".");
}

int run_logout(const LogoutOptions& options) {
  CommandOutput out(options.json);
  CommandContext context;
  if (auto failure = context.unusable(false)) return out.fail(*failure);
  const oauth::TokenStore store(oauth::token_store_file(context.environment()),
                                context.environment());
  Outcome<bool> removed = store.remove(options.name);
  if (!removed) return out.fail(removed.error());
  out.payload().AddMember("server", out.string(options.name), out.allocator());
  out.payload().AddMember("removed", *removed, out.allocator());
  out.payload().AddMember("store_file", out.string(store.file().string()), out.allocator());
  return out.succeed(*removed
                         ? "Forgot the OAuth tokens of MCP server '" + options.name + "'."
                         : "kosmo kept no OAuth tokens for MCP server '" + options.name + "'.");
}

}  // namespace

std::function<int()> define_mcp_login(CLI::App& app) {
  auto options = std::make_shared<LoginOptions>();
  app.add_option("name", options->name, "Server name (see kosmo mcp:list)")->required();
  app.add_flag("--no-browser", options->no_browser,
               "Only print the URL; do not run $KOSMO_OAUTH_BROWSER or $BROWSER");
  app.add_option("--timeout", options->timeout_s,
                 "Seconds to wait for the browser's redirect (default 300)")
      ->check(CLI::PositiveNumber);
  add_json_flag(app, options->json);
  app.footer(std::string(kLoginFooter) + "\n" + exit_code_summary());
  return [options] { return run_login(*options); };
}

std::function<int()> define_mcp_logout(CLI::App& app) {
  auto options = std::make_shared<LogoutOptions>();
  app.add_option("name", options->name, "Server name")->required();
  add_json_flag(app, options->json);
  app.footer(std::string(kLogoutFooter) + "\n" + exit_code_summary());
  return [options] { return run_logout(*options); };
}

}  // namespace kosmo::cli
