#include "lib/cli/mcp_tools_command.h"

#include <spdlog/spdlog.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lib/cli/command_context.h"
#include "lib/cli/command_output.h"
#include "lib/cli/mcp_command_support.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"
#include "lib/mcp/helper_rows.h"
#include "lib/mcp/mcp_outcome.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(With SERVER: that server's tools (an untrusted project server is refused, exit 4).
Without: the tools of every enabled server kosmo may start; untrusted, changed and disabled
servers are skipped and listed under "unavailable", as are servers that fail to start.
A tool is a read when it declares readOnlyHint, else a write (spec §9).

--force (with KosmoKrator's opt-in, KOSMO_MCP_ALLOW_FORCE=1 or mcp.allow_force_bypass in
config.yaml) lists an untrusted SERVER's tools anyway.

Examples:
  kosmo mcp:tools
  kosmo mcp:tools github --json | jq -r '.tools[] | .function'

JSON (--json): each row is KosmoKrator's (McpRuntime::toolRow), as mcp.tools() gives in Lua:
  {"success": true, "error": null, "error_code": null,
   "tools": [{"server": "fake", "name": "get-weather", "function": "fake.get_weather",
              "lua_path": "app.mcp.fake.get_weather", "description": "...",
              "operation": "read", "parameters": [{"name": "city", "type": "string",
              "required": true, "description": "..."}], "schema": {...},
              "lua_name": "get_weather"}],
   "unavailable": [{"server": "repo", "reason": "untrusted", "error": "..."}]}
  Failures: "usage" (unknown SERVER), "untrusted_server", "config_error", "mcp_error".
)";

// Collects the rows of each listed server, as JSON and as text.
class ToolsWriter {
 public:
  explicit ToolsWriter(CommandOutput& out) : out_(out) {}

  void add(const mcp::ServerConfig& server, const std::vector<mcp::Tool>& tools) {
    auto& allocator = out_.allocator();
    for (const mcp::Tool& tool : tools) {
      // The same row as mcp.tools() in Lua: KosmoKrator's toolRow.
      tools_.PushBack(mcp::tool_row(server, tool, allocator), allocator);
      rows_.push_back({server.name + "." + tool.lua_name,
                       std::string(config::operation_name(tool.operation)),
                       first_line(tool.description)});
    }
  }

  void skip(const mcp::ServerConfig& server, const std::string& reason, const std::string& error) {
    auto& allocator = out_.allocator();
    rapidjson::Value row(rapidjson::kObjectType);
    row.AddMember("server", out_.string(server.name), allocator);
    row.AddMember("reason", out_.string(reason), allocator);
    row.AddMember("error", out_.string(error), allocator);
    unavailable_.PushBack(row, allocator);
    spdlog::warn("Skipped MCP server '{}': {}", server.name, error);
  }

  int finish() {
    out_.payload().AddMember("tools", tools_, out_.allocator());
    out_.payload().AddMember("unavailable", unavailable_, out_.allocator());
    if (rows_.size() == 1) return out_.succeed("No MCP tools available.");
    return out_.succeed(format_columns(rows_));
  }

 private:
  static std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

  CommandOutput& out_;
  rapidjson::Value tools_{rapidjson::kArrayType};
  rapidjson::Value unavailable_{rapidjson::kArrayType};
  std::vector<std::vector<std::string>> rows_ = {{"TOOL", "OPERATION", "DESCRIPTION"}};
};

// Why a server is not listed without being asked for; nullopt when it may be started.
std::optional<std::pair<std::string, std::string>> skip_reason(const mcp::ServerConfig& server,
                                                               const config::KosmoConfig& config) {
  if (!server.enabled) return std::make_pair("disabled", "the server is disabled");
  const mcp::Trust trust = mcp::trust_of(server, config);
  if (trust == mcp::Trust::kUntrusted || trust == mcp::Trust::kChanged) {
    return std::make_pair(std::string(trust_text(trust)),
                          "project server " + std::string(trust_text(trust)) +
                              "; review it, then run kosmo mcp:trust " + server.name);
  }
  return std::nullopt;
}

int run_tools(const std::optional<std::string>& wanted, const RunFlags& flags) {
  CommandOutput out(flags.json);
  CommandContext context(flags);
  if (auto failure = context.unusable(false)) return out.fail(*failure);
  auto runtime = context.make_mcp_runtime();
  const mcp::LoadedServers& loaded = runtime->servers();
  ToolsWriter writer(out);
  if (wanted) {
    const mcp::ServerConfig* server = loaded.find(*wanted);
    if (server == nullptr) {
      return out.fail(mcp::unknown_server_message(*wanted, loaded), ErrorCode::kUsage);
    }
    const auto tools = runtime->tools(*server);
    if (!tools) {
      return out.fail(context.redactor().redact(tools.error().message),
                      mcp::error_code_of(tools.error().kind));
    }
    writer.add(*server, **tools);
    return writer.finish();
  }
  for (const mcp::ServerConfig& server : loaded.servers) {
    if (auto reason = skip_reason(server, context.config().user())) {
      writer.skip(server, reason->first, reason->second);
      continue;
    }
    const auto tools = runtime->tools(server);
    if (tools) {
      writer.add(server, **tools);
    } else {
      writer.skip(server, "failed", context.redactor().redact(tools.error().message));
    }
  }
  return writer.finish();
}

}  // namespace

std::function<int()> define_mcp_tools(CLI::App& app) {
  auto flags = std::make_shared<RunFlags>();
  auto server = std::make_shared<std::optional<std::string>>();
  app.add_option("server", *server, "Server name (default: every enabled, trusted server)");
  add_run_flags(app, *flags, {RunFlag::kJson, RunFlag::kForce});
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [flags, server] { return run_tools(*server, *flags); };
}

}  // namespace kosmo::cli
