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

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(With SERVER: that server's tools (an untrusted project server is refused, exit 4).
Without: the tools of every enabled server kosmo may start; untrusted, changed and disabled
servers are skipped and listed under "unavailable", as are servers that fail to start.
A tool is a read when it declares readOnlyHint, else a write (spec §9).

Examples:
  kosmo mcp:tools
  kosmo mcp:tools github --json | jq -r '.tools[] | .lua_path'

JSON (--json):
  {"success": true, "error": null, "error_code": null,
   "tools": [{"server": "fake", "name": "get-weather", "lua_name": "get_weather",
              "lua_path": "app.mcp.fake.get_weather", "description": "...",
              "operation": "read"}],
   "unavailable": [{"server": "repo", "reason": "untrusted", "error": "..."}]}
  Failures: "usage" (unknown SERVER), "untrusted_server", "config_error", "mcp_error".
)";

std::string text_field(const rapidjson::Value& tool, const char* key) {
  auto member = tool.FindMember(key);
  if (member == tool.MemberEnd() || !member->value.IsString()) return "";
  return std::string(member->value.GetString(), member->value.GetStringLength());
}

bool is_read(const rapidjson::Value& tool) {
  auto annotations = tool.FindMember("annotations");
  if (annotations == tool.MemberEnd() || !annotations->value.IsObject()) return false;
  auto hint = annotations->value.FindMember("readOnlyHint");
  return hint != annotations->value.MemberEnd() && hint->value.IsBool() && hint->value.GetBool();
}

// Collects the rows of each listed server, as JSON and as text.
class ToolsWriter {
 public:
  explicit ToolsWriter(CommandOutput& out) : out_(out) {}

  void add(const mcp::ServerConfig& server, const rapidjson::Value& tools) {
    auto& allocator = out_.allocator();
    const std::string server_lua = mcp::sanitize_name(server.name);
    for (const auto& tool : tools.GetArray()) {
      const std::string name = text_field(tool, "name");
      const std::string lua_name = mcp::sanitize_name(name);
      const std::string description = text_field(tool, "description");
      const char* operation = is_read(tool) ? "read" : "write";
      rapidjson::Value row(rapidjson::kObjectType);
      row.AddMember("server", out_.string(server.name), allocator);
      row.AddMember("name", out_.string(name), allocator);
      row.AddMember("lua_name", out_.string(lua_name), allocator);
      row.AddMember("lua_path", out_.string("app.mcp." + server_lua + "." + lua_name), allocator);
      row.AddMember("description", out_.string(description), allocator);
      row.AddMember("operation", rapidjson::StringRef(operation), allocator);
      tools_.PushBack(row, allocator);
      rows_.push_back({server.name + "." + name, operation, first_line(description)});
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

int run_tools(const std::optional<std::string>& wanted, bool json) {
  CommandOutput out(json);
  CommandContext context;
  if (auto failure = context.unusable(false)) return out.fail(*failure);
  auto runtime = context.make_mcp_runtime();
  const mcp::LoadedServers& loaded = runtime->servers();
  ToolsWriter writer(out);
  if (wanted) {
    const mcp::ServerConfig* server = loaded.find(*wanted);
    if (server == nullptr)
      return out.fail(unknown_server_message(*wanted, loaded), ErrorCode::kUsage);
    try {
      writer.add(*server, runtime->tools(*server));
    } catch (const mcp::McpError& error) {
      return out.fail(context.redactor().redact(error.what()), error_code_of(error));
    }
    return writer.finish();
  }
  for (const mcp::ServerConfig& server : loaded.servers) {
    if (auto reason = skip_reason(server, context.config().user())) {
      writer.skip(server, reason->first, reason->second);
      continue;
    }
    try {
      writer.add(server, runtime->tools(server));
    } catch (const mcp::McpError& error) {
      writer.skip(server, "failed", context.redactor().redact(error.what()));
    }
  }
  return writer.finish();
}

}  // namespace

std::function<int()> define_mcp_tools(CLI::App& app) {
  auto json = std::make_shared<bool>(false);
  auto server = std::make_shared<std::optional<std::string>>();
  app.add_option("server", *server, "Server name (default: every enabled, trusted server)");
  add_json_flag(app, *json);
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [json, server] { return run_tools(*server, *json); };
}

}  // namespace kosmo::cli
