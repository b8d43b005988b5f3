#include "lib/cli/mcp_doctor_command.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lib/cli/command_context.h"
#include "lib/cli/command_output.h"
#include "lib/cli/mcp_server_check.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"
#include "lib/mcp/mcp_outcome.h"
#include "lib/mcp/trust.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(The files are read in this order, a later file's entry replacing an earlier one of the same
name whole: ~/.kosmokrator/mcp.json (global-legacy), $KOSMO_HOME/mcp.json (global), then the
project's .vscode/mcp.json, .cursor/mcp.json and .mcp.json. "sources" lists every file with
the servers it defines and those of them that win; each server row names the files whose entry
for it was replaced ("overridden"). Servers are checked as by mcp:status (started unless
--offline, disabled or untrusted). The report is the result: exit 0 whatever it finds.

Examples:
  kosmo mcp:doctor
  kosmo mcp:doctor github --json | jq '.servers.github.check.problem'
  kosmo mcp:doctor --offline --json | jq '.sources[] | select(.exists)'

JSON (--json):
  {"success": true, "error": null, "error_code": null,
   "project_config": "/repo/.mcp.json", "global_config": "/home/me/.kosmo/mcp.json",
   "sources": [{"source": "global", "path": "/home/me/.kosmo/mcp.json", "exists": true,
                "project": false, "schema": "mcpServers", "servers": ["fake"], "wins": ["fake"]}],
   "servers": {"fake": {<the mcp:status row>, "overridden": []}},
   "warnings": [], "next_commands": ["kosmo mcp:list --json", ...]}
  Unknown SERVER: error_code "usage" (exit 2); unreadable config.yaml: "config_error" (exit 5).
)";

struct DoctorOptions {
  std::optional<std::string> server;
  bool offline = false;
  RunFlags flags;
};

rapidjson::Value names_json(const std::vector<std::string>& names, CommandOutput& out) {
  rapidjson::Value list(rapidjson::kArrayType);
  for (const std::string& name : names) list.PushBack(out.string(name), out.allocator());
  return list;
}

// The five candidate files, each with the servers it defines and which of them win.
class SourcesReport {
 public:
  SourcesReport(const mcp::LoadedServers& effective, const config::Environment& env,
                CommandOutput& out)
      : out_(out) {
    const std::filesystem::path cwd = std::filesystem::current_path();
    for (const mcp::ConfigSource& source : mcp::default_sources(env, cwd)) {
      files_.push_back({source, mcp::load_servers({source}).servers});
    }
    effective_ = &effective;
  }

  rapidjson::Value sources_json() {
    rapidjson::Value list(rapidjson::kArrayType);
    for (const File& file : files_) {
      std::vector<std::string> defined;
      std::vector<std::string> wins;
      for (const mcp::ServerConfig& server : file.servers) {
        defined.push_back(server.name);
        const mcp::ServerConfig* winner = effective_->find(server.name);
        if (winner != nullptr && winner->source_file == file.source.file)
          wins.push_back(server.name);
      }
      std::error_code ignored;
      rapidjson::Value item(rapidjson::kObjectType);
      item.AddMember("source", out_.string(file.source.label), out_.allocator());
      item.AddMember("path", out_.string(file.source.file.string()), out_.allocator());
      item.AddMember("exists", std::filesystem::exists(file.source.file, ignored),
                     out_.allocator());
      item.AddMember("project", file.source.project, out_.allocator());
      const std::string schema = file.servers.empty() ? "" : file.servers.front().source_schema;
      item.AddMember("schema", schema.empty() ? rapidjson::Value() : out_.string(schema),
                     out_.allocator());
      item.AddMember("servers", names_json(defined, out_), out_.allocator());
      item.AddMember("wins", names_json(wins, out_), out_.allocator());
      list.PushBack(item, out_.allocator());
    }
    return list;
  }

  // The files that define `server` but lost to the file its entry comes from.
  std::vector<std::string> overridden(const mcp::ServerConfig& server) const {
    std::vector<std::string> paths;
    for (const File& file : files_) {
      if (file.source.file == server.source_file) continue;
      for (const mcp::ServerConfig& entry : file.servers) {
        if (entry.name == server.name) paths.push_back(file.source.file.string());
      }
    }
    return paths;
  }

  // The file of the source labelled `label`, or "" when there is none.
  std::string path_of(const std::string& label) const {
    for (const File& file : files_) {
      if (file.source.label == label) return file.source.file.string();
    }
    return {};
  }

 private:
  struct File {
    mcp::ConfigSource source;
    std::vector<mcp::ServerConfig> servers;
  };
  CommandOutput& out_;
  std::vector<File> files_;
  const mcp::LoadedServers* effective_ = nullptr;
};

std::vector<std::string> next_commands(const mcp::LoadedServers& loaded,
                                       const config::KosmoConfig& user) {
  std::vector<std::string> next;
  for (const mcp::ServerConfig& server : loaded.servers) {
    const mcp::Trust trust = mcp::trust_of(server, user);
    if (trust == mcp::Trust::kUntrusted || trust == mcp::Trust::kChanged) {
      next.push_back("kosmo mcp:trust " + server.name + " --json");
    }
  }
  if (loaded.servers.empty()) next.push_back("kosmo mcp:add NAME --command CMD --json");
  for (const char* command :
       {"kosmo mcp:list --json", "kosmo mcp:tools SERVER --json",
        "kosmo mcp:schema SERVER.TOOL --json", "kosmo mcp:call SERVER.TOOL --json", "kosmo mcp:lua --eval 'dump(mcp.servers())' --json"}) {
    next.emplace_back(command);
  }
  return next;
}

int run_doctor(const DoctorOptions& options) {
  CommandOutput out(options.flags.json);
  CommandContext context(options.flags, Deadline::after(options.flags.run_timeout()));
  if (auto failure = context.unusable(false)) return out.fail(*failure);
  auto runtime = context.make_mcp_runtime();
  const mcp::LoadedServers& loaded = runtime->servers();
  const mcp::ServerConfig* only = options.server ? loaded.find(*options.server) : nullptr;
  if (options.server && only == nullptr) {
    return out.fail(mcp::unknown_server_message(*options.server, loaded), ErrorCode::kUsage);
  }
  SourcesReport sources(loaded, context.environment(), out);
  auto& allocator = out.allocator();
  rapidjson::Value& payload = out.payload();
  payload.AddMember("project_config", out.string(sources.path_of("project")), allocator);
  payload.AddMember("global_config", out.string(sources.path_of("global")), allocator);
  payload.AddMember("sources", sources.sources_json(), allocator);
  ServerChecker checker(context, *runtime, out, !options.offline);
  rapidjson::Value servers(rapidjson::kObjectType);
  std::string text;
  for (const mcp::ServerConfig& server : loaded.servers) {
    if (only != nullptr && &server != only) continue;
    rapidjson::Value row = checker.row(server, text);
    const std::vector<std::string> overridden = sources.overridden(server);
    row.AddMember("overridden", names_json(overridden, out), allocator);
    for (const std::string& path : overridden) text += "  overrides " + path + "\n";
    servers.AddMember(out.string(server.name), row, allocator);
  }
  payload.AddMember("servers", servers, allocator);
  payload.AddMember("warnings", names_json(loaded.warnings, out), allocator);
  const std::vector<std::string> next = next_commands(loaded, context.config().user());
  payload.AddMember("next_commands", names_json(next, out), allocator);
  if (loaded.servers.empty()) text += "No MCP servers are configured.\n";
  text += "\nNext:\n";
  for (const std::string& command : next) text += "  " + command + "\n";
  return out.succeed(text);
}

}  // namespace

std::function<int()> define_mcp_doctor(CLI::App& app) {
  auto options = std::make_shared<DoctorOptions>();
  app.add_option("server", options->server, "Server name (default: every configured server)");
  app.add_flag("--offline", options->offline, "Start no server; report the configuration only");
  add_run_flags(app, options->flags, {RunFlag::kJson, RunFlag::kTimeout});
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [options] { return run_doctor(*options); };
}

}  // namespace kosmo::cli
