#include "lib/cli/exit_codes.h"

#include <array>
#include <utility>

namespace kosmo::cli {
namespace {

constexpr std::array<std::pair<std::string_view, ExitCode>, 15> kTable{{
    {"lua_error", kExitScriptError},
    {"integration_error", kExitScriptError},
    {"mcp_error", kExitScriptError},
    {"http_error", kExitScriptError},
    {"usage", kExitUsage},
    {"syntax_error", kExitUsage},
    {"memory_limit", kExitLimit},
    {"cpu_limit", kExitLimit},
    {"timeout", kExitLimit},
    {"output_limit", kExitLimit},
    {"permission_denied", kExitRefused},
    {"untrusted_server", kExitRefused},
    {"replay_miss", kExitRefused},
    {"not_configured", kExitConfig},
    {"config_error", kExitConfig},
}};

}  // namespace

ExitCode exit_code_for(std::string_view error_code) {
  if (error_code.empty()) return kExitOk;
  for (const auto& [code, exit] : kTable) {
    if (code == error_code) return exit;
  }
  return kExitScriptError;
}

}  // namespace kosmo::cli
