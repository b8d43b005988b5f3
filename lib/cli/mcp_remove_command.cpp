#include "lib/cli/mcp_remove_command.h"

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
    R"(Edits $KOSMO_HOME/mcp.json, or the project's .mcp.json with --project (other entries and
keys are kept). A server defined in .vscode/mcp.json, .cursor/mcp.json or
~/.kosmokrator/mcp.json is not removed: edit that file yourself. Stored trust is kept; drop it
with kosmo mcp:trust NAME --revoke.

Examples:
  kosmo mcp:remove fs
  kosmo mcp:remove repo-tools --project --json

JSON (--json):
  {"success": true, "error": null, "error_code": null, "name": "fs",
   "file": "/home/me/.kosmo/mcp.json", "server": "fs", "path": "/home/me/.kosmo/mcp.json",
   "scope": "global"}
  ("server" and "path" are KosmoKrator's names for "name" and "file".)
  Failures: "usage" (NAME not in the user's file), "config_error" (unreadable or unwritable).
)";

int run_remove(const std::string& name, const ScopeFlags& scope, bool json) {
  CommandOutput out(json);
  std::filesystem::path file;
  try {
    file = scope_mcp_file(scope);
  } catch (const std::exception& e) {  // no home directory
    return out.fail(e.what(), ErrorCode::kConfig);
  }
  const Outcome<bool> removed = mcp::remove_server_entry(file, name);
  if (!removed) return out.fail(removed.error());
  if (!*removed) return out.fail(not_in_scope_file(name, file), ErrorCode::kUsage);
  auto& allocator = out.allocator();
  out.payload().AddMember("name", out.string(name), allocator);
  out.payload().AddMember("file", out.string(file.string()), allocator);
  out.payload().AddMember("server", out.string(name), allocator);
  out.payload().AddMember("path", out.string(file.string()), allocator);
  out.payload().AddMember("scope", rapidjson::StringRef(scope_name(scope)), allocator);
  return out.succeed("Removed MCP server '" + name + "' from " + file.string() + ".");
}

}  // namespace

std::function<int()> define_mcp_remove(CLI::App& app) {
  auto name = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto scope = std::make_shared<ScopeFlags>();
  app.add_option("name", *name, "Server name as written in mcp.json")->required();
  add_scope_flags(app, *scope);
  add_json_flag(app, *json);
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [name, scope, json] { return run_remove(*name, *scope, *json); };
}

}  // namespace kosmo::cli
