#include "lib/cli/mcp_schema_command.h"

#include <memory>
#include <string>

#include "lib/cli/command_context.h"
#include "lib/cli/command_output.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"
#include "lib/mcp/helper_rows.h"
#include "lib/mcp/mcp_outcome.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(FUNCTION: "server.tool", the tool by its name or its Lua name ("fake.get_weather" for
"get-weather"), as mcp:tools lists it under "function". Without --json, stdout is the tool's
inputSchema and nothing else (ready for jq). An untrusted project server is refused (exit 4)
unless --force with KosmoKrator's opt-in (KOSMO_MCP_ALLOW_FORCE=1).

Examples:
  kosmo mcp:schema github.search_repositories
  kosmo mcp:schema github.search_repositories | jq -r '.required[]'
  kosmo mcp:schema github.search_repositories --json | jq .tool.parameters

JSON (--json):
  {"success": true, "error": null, "error_code": null,
   "tool": {"server": "github", "name": "search_repositories",
            "function": "github.search_repositories",
            "lua_path": "app.mcp.github.search_repositories", "description": "...",
            "operation": "read", "parameters": [{"name": "query", "type": "string",
            "required": true, "description": "..."}], "schema": {...},
            "lua_name": "search_repositories"}}
  An unknown server or tool fails with error_code "usage" (exit 2):
  {"success": false, "error": "Unknown MCP function: github.nope", "error_code": "usage"}
)";

struct SchemaOptions {
  std::string function;
  RunFlags flags;
};

int run_schema(const SchemaOptions& options) {
  CommandOutput out(options.flags.json);
  CommandContext context(options.flags);
  if (auto failure = context.unusable(false)) return out.fail(*failure);
  auto runtime = context.make_mcp_runtime();
  // KosmoKrator's message for an unknown server and an unknown tool alike.
  const std::string unknown = "Unknown MCP function: " + options.function;
  const size_t dot = options.function.find('.');
  if (dot == std::string::npos) return out.fail(unknown, ErrorCode::kUsage);
  const mcp::ServerConfig* server = runtime->servers().find(options.function.substr(0, dot));
  if (server == nullptr) return out.fail(unknown, ErrorCode::kUsage);
  const auto found = runtime->find_tool(*server, options.function.substr(dot + 1));
  if (!found) {
    return out.fail(context.redactor().redact(found.error().message),
                    mcp::error_code_of(found.error().kind));
  }
  if (*found == nullptr) return out.fail(unknown, ErrorCode::kUsage);
  rapidjson::Value row = mcp::tool_row(*server, **found, out.allocator());
  const std::string schema = pretty_json(row["schema"]);
  out.payload().AddMember("tool", row, out.allocator());
  return out.succeed(schema);
}

}  // namespace

std::function<int()> define_mcp_schema(CLI::App& app) {
  auto options = std::make_shared<SchemaOptions>();
  app.add_option("function", options->function, "server.tool, e.g. github.search_repositories")
      ->required();
  add_run_flags(app, options->flags, {RunFlag::kJson, RunFlag::kForce});
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [options] { return run_schema(*options); };
}

}  // namespace kosmo::cli
