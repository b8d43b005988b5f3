#pragma once
// The exit-code table of the product contract (§1): every envelope error_code maps to one code.
#include <string_view>

namespace kosmo::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitScriptError = 1,
  kExitUsage = 2,
  kExitLimit = 3,
  kExitRefused = 4,
  kExitConfig = 5,
};

// The table in one line, for --help texts.
inline constexpr const char kExitCodeSummary[] =
    "Exit codes: 0 ok, 1 script error, 2 usage or syntax error, 3 sandbox limit,\n"
    "            4 refused by policy, 5 configuration.\n";

// "lua_error" -> 1, "syntax_error" -> 2, "cpu_limit" -> 3, "permission_denied" -> 4, ...
ExitCode exit_code_for(std::string_view error_code);

}  // namespace kosmo::cli
