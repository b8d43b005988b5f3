#include "lib/cli/mcp_enable_command.h"

#include <memory>
#include <string>

#include "lib/cli/command_output.h"
#include "lib/cli/config_scope.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"
#include "lib/mcp/config_writer.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(Sets "enabled" of the entry in $KOSMO_HOME/mcp.json, or in the project's .mcp.json with
--project; its other keys are kept. Trust survives: "enabled" is not part of the fingerprint.
A disabled server stays in kosmo mcp:list but is never started.

Examples:
  kosmo mcp:disable fs
  kosmo mcp:enable fs --json
  kosmo mcp:enable repo-tools --project

JSON (--json):
  {"success": true, "error": null, "error_code": null, "server": "fs", "enabled": true,
   "path": "/home/me/.kosmo/mcp.json", "scope": "global"}
  Failures: "usage" (NAME not in that file), "config_error" (unreadable or unwritable file).
)";

struct EnableOptions {
  std::string name;
  ScopeFlags scope;
  bool json = false;
};

int run_enable(const EnableOptions& options, bool enabled) {
  CommandOutput out(options.json);
  std::filesystem::path file;
  try {
    file = scope_mcp_file(options.scope);
  } catch (const std::exception& e) {  // no home directory
    return out.fail(e.what(), ErrorCode::kConfig);
  }
  const Outcome<bool> found = mcp::set_server_enabled(file, options.name, enabled);
  if (!found) return out.fail(found.error());
  if (!*found) return out.fail(not_in_scope_file(options.name, file), ErrorCode::kUsage);
  auto& allocator = out.allocator();
  out.payload().AddMember("server", out.string(options.name), allocator);
  out.payload().AddMember("enabled", enabled, allocator);
  out.payload().AddMember("path", out.string(file.string()), allocator);
  out.payload().AddMember("scope", rapidjson::StringRef(scope_name(options.scope)), allocator);
  return out.succeed(std::string(enabled ? "Enabled" : "Disabled") + " MCP server '" +
                     options.name + "' in " + file.string() + ".");
}

std::function<int()> define(CLI::App& app, bool enabled) {
  auto options = std::make_shared<EnableOptions>();
  app.add_option("name", options->name, "Server name as written in mcp.json")->required();
  add_scope_flags(app, options->scope);
  add_json_flag(app, options->json);
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [options, enabled] { return run_enable(*options, enabled); };
}

}  // namespace

std::function<int()> define_mcp_enable(CLI::App& app) { return define(app, true); }
std::function<int()> define_mcp_disable(CLI::App& app) { return define(app, false); }

}  // namespace kosmo::cli
