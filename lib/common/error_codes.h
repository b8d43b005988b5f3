#pragma once
// Every error code kosmo reports, in one table (product contract §1): its name in the envelope's
// `error_code`, the process exit code it leads to, and the line the `errors` docs page and the
// help texts show for it. Code names a failure with ErrorCode; text appears only at the edges
// (the envelope, Lua error values, docs), so a misspelt code cannot compile.
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace kosmo {

// Exit codes 0/1/2 keep the reference implementation's meaning, so existing callers keep working.
enum ExitCode : int {
  kExitOk = 0,
  kExitScriptError = 1,
  kExitUsage = 2,
  kExitLimit = 3,
  kExitRefused = 4,
  kExitConfig = 5,
  // 128 + the signal's number: the shell's convention for a process a signal ended, so `$?` reads
  // as if kosmo had died of it, though kosmo stopped its servers and wrote the envelope first.
  kExitInterrupted = 130,  // SIGINT
  kExitTerminated = 143,   // SIGTERM
};

enum class ErrorCode {
  kLua,
  kIntegration,
  kHttp,
  kMcp,
  kUsage,
  kSyntax,
  kMemoryLimit,
  kCpuLimit,
  kTimeout,
  kOutputLimit,
  kPermissionDenied,
  kUntrustedServer,
  kReplayMiss,
  kNotConfigured,
  kAuthRequired,
  kConfig,
  kInterrupted,
};

struct ErrorCodeInfo {
  ErrorCode code;
  std::string_view name;  // "permission_denied"
  ExitCode exit;
  std::string_view when;    // docs: when it happens
  std::string_view remedy;  // docs: what to do
  // A second exit code, for a code whose exit depends on how it came about (`interrupted`:
  // `exit` for SIGINT, this for SIGTERM).
  std::optional<ExitCode> also_exit = std::nullopt;
};

struct ExitCodeInfo {
  ExitCode exit;
  std::string_view summary;  // --help: "refused by policy"
  std::string_view meaning;  // docs: "a call was refused by policy: ..."
};

// In the order the docs list them.
std::span<const ErrorCodeInfo> error_codes();
std::span<const ExitCodeInfo> exit_codes();

const ErrorCodeInfo& info(ErrorCode code);
inline std::string_view error_code_name(ErrorCode code) { return info(code).name; }
inline ExitCode exit_code_of(ErrorCode code) { return info(code).exit; }
std::optional<ErrorCode> parse_error_code(std::string_view name);
// The exit code of a run interrupted by `signal`: kExitTerminated for SIGTERM, else
// kExitInterrupted.
ExitCode exit_code_for_signal(int signal);

// "Exit codes: 0 ok, 1 script error, ..." wrapped for --help footers.
const std::string& exit_code_summary();
// The Markdown tables of the `errors` docs page: exit codes with their error codes, then every
// error code with when it happens and what to do.
std::string exit_code_table_markdown();
std::string error_code_table_markdown();

}  // namespace kosmo
