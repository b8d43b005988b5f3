#include "lib/cli/mcp_remove_command.h"

#include <memory>
#include <string>

#include "lib/cli/command_output.h"
#include "lib/cli/mcp_command_support.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"
#include "lib/config/paths.h"
#include "lib/mcp/config_writer.h"
#include "lib/mcp/mcp_outcome.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(Only $KOSMO_HOME/mcp.json is edited (other entries and keys are kept). A server defined
in a project file (.mcp.json, .vscode/mcp.json, .cursor/mcp.json) or in
~/.kosmokrator/mcp.json is not removed: edit that file yourself. Stored trust is kept; drop it
with kosmo mcp:trust NAME --revoke.

Examples:
  kosmo mcp:remove fs
  kosmo mcp:remove fs --json

JSON (--json):
  {"success": true, "error": null, "error_code": null, "name": "fs",
   "file": "/home/me/.kosmo/mcp.json"}
  Failures: "usage" (NAME not in the user's file), "config_error" (unreadable or unwritable).
)";

// Why NAME cannot be removed: from another file, or not configured at all.
std::string not_removable(const std::string& name, const std::filesystem::path& file) {
  const mcp::LoadedServers loaded = load_configured_servers();
  const mcp::ServerConfig* server = loaded.find(name);
  if (server == nullptr) return mcp::unknown_server_message(name, loaded);
  const std::string where = server->from_project ? "the project file " : "the file ";
  return "MCP server '" + server->name + "' is not in " + file.string() + "; it comes from " +
         where + server->source_file.string() +
         ", which kosmo does not edit. Remove it there by hand.";
}

int run_remove(const std::string& name, bool json) {
  CommandOutput out(json);
  std::filesystem::path file;
  try {
    file = config::user_mcp_file();
  } catch (const std::exception& e) {  // no home directory
    return out.fail(e.what(), ErrorCode::kConfig);
  }
  const Outcome<bool> removed = mcp::remove_server_entry(file, name);
  if (!removed) return out.fail(removed.error());
  if (!*removed) return out.fail(not_removable(name, file), ErrorCode::kUsage);
  out.payload().AddMember("name", out.string(name), out.allocator());
  out.payload().AddMember("file", out.string(file.string()), out.allocator());
  return out.succeed("Removed MCP server '" + name + "' from " + file.string() + ".");
}

}  // namespace

std::function<int()> define_mcp_remove(CLI::App& app) {
  auto name = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  app.add_option("name", *name, "Server name as written in mcp.json")->required();
  add_json_flag(app, *json);
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [name, json] { return run_remove(*name, *json); };
}

}  // namespace kosmo::cli
