#include "lib/common/error_codes.h"

#include <signal.h>

#include <array>

namespace kosmo {
namespace {

constexpr std::array<ErrorCodeInfo, 17> kErrorCodes{{
    {ErrorCode::kLua, "lua_error", kExitScriptError,
     "`error(...)` or a runtime error in the script was not caught",
     "fix the script or catch it with `pcall`"},
    {ErrorCode::kIntegration, "integration_error", kExitScriptError,
     "kosmo refused or could not finish the call itself: unknown function, invalid arguments "
     "(`... No external call was made.`), an unsupported function, a multi-step function whose "
     "first answer lacked what the next step needs",
     "read the message; check the function name and arguments"},
    {ErrorCode::kHttp, "http_error", kExitScriptError,
     "the vendor answered with an HTTP error status, e.g. `Sinch API error (403): ...` "
     "(`status` holds it), or the request failed before an answer arrived (connection, TLS, "
     "timeout)",
     "read the message; transient failures are already retried"},
    {ErrorCode::kMcp, "mcp_error", kExitScriptError, "an MCP server or tool failed",
     "read the message; `mcp.tools(server)` shows the tool's schema"},
    {ErrorCode::kUsage, "usage", kExitUsage,
     "bad flags, no code, `Lua file not found: <path>`, a script over 16 MiB, an input "
     "(`--arg`, `--arg-json`, `--input`) that is malformed or not JSON",
     "see `kosmo integrations:lua --help`"},
    {ErrorCode::kSyntax, "syntax_error", kExitUsage, "the script does not compile",
     "the message names the line"},
    {ErrorCode::kMemoryLimit, "memory_limit", kExitLimit,
     "the Lua heap passed `--memory-limit`; or, as a catchable call error, a response body "
     "larger than `--memory-limit` was refused before it was read",
     "process data in smaller pieces (pages, filters) or raise the limit"},
    {ErrorCode::kCpuLimit, "cpu_limit", kExitLimit, "Lua ran longer than `--cpu-limit`",
     "look for endless loops or raise the limit"},
    {ErrorCode::kTimeout, "timeout", kExitLimit,
     "the whole run passed `--timeout` (default 300 s of wall-clock time; reading the script "
     "from a pipe included)",
     "raise the limit (`--timeout 0` removes it) or do less per run"},
    {ErrorCode::kOutputLimit, "output_limit", kExitLimit,
     "`print`/`dump` wrote more than the output cap (8 MiB)", "print less; return data instead"},
    {ErrorCode::kPermissionDenied, "permission_denied", kExitRefused,
     "the policy for the integration or MCP server refused the call",
     "re-run with `--force` or change the policy"},
    {ErrorCode::kUntrustedServer, "untrusted_server", kExitRefused,
     "a project MCP server has not been trusted", "`kosmo mcp:trust NAME`"},
    {ErrorCode::kReplayMiss, "replay_miss", kExitRefused,
     "`--replay` found no recorded exchange for a request",
     "record the cassette again with `--record`"},
    {ErrorCode::kNotConfigured, "not_configured", kExitConfig,
     "the integration is disabled or lacks credentials",
     "`kosmo integrations:configure NAME --set key=value`"},
    {ErrorCode::kAuthRequired, "auth_required", kExitConfig,
     "an MCP server needs an OAuth authorization kosmo cannot obtain without a person (or the "
     "authorization failed: refused, a resource that is not the server's, a revoked refresh "
     "token)",
     "`kosmo mcp:login SERVER` once (tokens are kept and refreshed), or set KOSMO_OAUTH_BROWSER; "
     "for CI, the entry's `\"oauth\": {\"grant\": \"client_credentials\", ...}`"},
    {ErrorCode::kConfig, "config_error", kExitConfig,
     "a configuration file or manifest could not be read or is invalid, or the `--record` "
     "cassette could not be written when the run ended",
     "fix the file named in the message"},
    {ErrorCode::kInterrupted, "interrupted", kExitInterrupted,
     "kosmo received SIGINT (Ctrl-C, exit 130) or SIGTERM (exit 143): the script was stopped, "
     "every MCP server too, and the envelope still written",
     "re-run it; what it did before the signal is in `output` and `integration_calls`",
     kExitTerminated},
}};

constexpr std::array<ExitCodeInfo, 8> kExitCodes{{
    {kExitOk, "ok", "the script finished without an uncaught error"},
    {kExitScriptError, "script error",
     "the script raised an uncaught error: a Lua error or a failed integration or MCP call"},
    {kExitUsage, "usage or syntax error",
     "usage: bad flags, no code, file not found, syntax error in the script"},
    {kExitLimit, "sandbox limit",
     "a sandbox limit was hit: memory, CPU, wall-clock timeout, output cap"},
    {kExitRefused, "refused by policy",
     "a call was refused by policy: permission denied, untrusted MCP server, replay miss"},
    {kExitConfig, "configuration",
     "configuration: integration not configured or disabled, bad config file; or stdout could "
     "not be written (a full disk, a closed pipe; the reason is on stderr)"},
    {kExitInterrupted, "interrupted (SIGINT)",
     "interrupted by SIGINT (Ctrl-C); servers stopped, envelope written"},
    {kExitTerminated, "terminated (SIGTERM)",
     "terminated by SIGTERM; servers stopped, envelope written"},
}};

// The table is indexed by the enum: each row must sit at its code's position.
constexpr bool rows_in_enum_order() {
  for (size_t i = 0; i < kErrorCodes.size(); ++i) {
    if (static_cast<size_t>(kErrorCodes[i].code) != i) return false;
  }
  return true;
}
static_assert(rows_in_enum_order(), "kErrorCodes rows must follow the ErrorCode order");

// "Exit codes: 0 ok, 1 script error, ..." with continuation lines aligned under the first code.
std::string build_summary() {
  constexpr std::string_view kLead = "Exit codes: ";
  constexpr size_t kWidth = 80;
  std::string text(kLead);
  size_t line_length = text.size();
  for (size_t i = 0; i < kExitCodes.size(); ++i) {
    const bool last = i + 1 == kExitCodes.size();
    std::string item = std::to_string(kExitCodes[i].exit);
    item.append(" ").append(kExitCodes[i].summary).append(last ? "." : ",");
    if (i > 0 && line_length + 1 + item.size() > kWidth) {
      text.append("\n").append(kLead.size(), ' ');
      line_length = kLead.size();
    } else if (i > 0) {
      text += ' ';
      ++line_length;
    }
    text += item;
    line_length += item.size();
  }
  return text + "\n";
}

}  // namespace

std::span<const ErrorCodeInfo> error_codes() { return kErrorCodes; }
std::span<const ExitCodeInfo> exit_codes() { return kExitCodes; }

const ErrorCodeInfo& info(ErrorCode code) { return kErrorCodes[static_cast<size_t>(code)]; }

std::optional<ErrorCode> parse_error_code(std::string_view name) {
  for (const ErrorCodeInfo& row : kErrorCodes) {
    if (row.name == name) return row.code;
  }
  return std::nullopt;
}

ExitCode exit_code_for_signal(int signal) {
  return signal == SIGTERM ? kExitTerminated : kExitInterrupted;
}

const std::string& exit_code_summary() {
  static const std::string summary = build_summary();
  return summary;
}

std::string exit_code_table_markdown() {
  std::string table = "| exit | meaning | `error_code` |\n|---|---|---|\n";
  for (const ExitCodeInfo& exit : kExitCodes) {
    std::string codes;
    for (const ErrorCodeInfo& row : kErrorCodes) {
      if (row.exit != exit.exit && row.also_exit != exit.exit) continue;
      codes += (codes.empty() ? "`" : ", `") + std::string(row.name) + "`";
    }
    table += "| " + std::to_string(exit.exit) + " | " + std::string(exit.meaning) + " | " +
             (codes.empty() ? "`null`" : codes) + " |\n";
  }
  return table;
}

std::string error_code_table_markdown() {
  std::string table = "| code | exit | when | what to do |\n|---|---|---|---|\n";
  for (const ErrorCodeInfo& row : kErrorCodes) {
    std::string exits = std::to_string(row.exit);
    if (row.also_exit) exits += ", " + std::to_string(*row.also_exit);
    table += "| `" + std::string(row.name) + "` | " + exits + " | " + std::string(row.when) +
             " | " + std::string(row.remedy) + " |\n";
  }
  return table;
}

}  // namespace kosmo
