#include "lib/cli/mcp_export_command.h"

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "lib/cli/command_output.h"
#include "lib/cli/mcp_command_support.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"
#include "lib/config/atomic_file.h"
#include "lib/config/file_lock.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(Prints {"mcpServers": {...}} (or {"servers": {...}} with --format vscode) holding every
configured server after the config files are merged (project entries win over user ones), in
the portable shape: type (always with vscode; only when not stdio otherwise), command, args,
env, cwd or url, headers, "enabled": false, "timeout" when not 30. Values are as written
("${VAR}" references unexpanded). On stdout, an env or header value that is not a "${VAR}"
reference is shown as "<redacted>" (it may be a secret); --path FILE writes the values as they
are (mode 0600, atomically, replacing FILE).

Examples:
  kosmo mcp:export
  kosmo mcp:export --format vscode --path .vscode/mcp.json
  kosmo mcp:export --format vscode --json

JSON (--json): the envelope with the document under "config":
  {"success": true, "error": null, "error_code": null, "path": null,
   "config": {"servers": {"fs": {"type": "stdio", "command": "npx", "args": ["-y", "pkg"]}}}}
  Without --json stdout is the document itself. Failures: "usage" (bad --format),
  "config_error" (--path cannot be written).
)";

struct ExportOptions {
  std::string format = "mcpServers";
  std::string path;
  bool json = false;
};

bool is_reference(const std::string& value) {
  return value.size() > 3 && value.compare(0, 2, "${") == 0 && value.back() == '}' &&
         value.find('}') == value.size() - 1;
}

rapidjson::Value string_map(const std::map<std::string, std::string>& map, bool redact,
                            rapidjson::Document::AllocatorType& allocator) {
  rapidjson::Value object(rapidjson::kObjectType);
  for (const auto& [key, value] : map) {
    const std::string shown = redact && !is_reference(value) ? "<redacted>" : value;
    object.AddMember(rapidjson::Value(key.c_str(), allocator),
                     rapidjson::Value(shown.c_str(), allocator), allocator);
  }
  return object;
}

// One server as KosmoKrator's McpServerConfig::toPortableArray writes it (plus cwd).
rapidjson::Value portable_entry(const mcp::ServerConfig& server, bool vscode, bool redact,
                                rapidjson::Document::AllocatorType& allocator) {
  rapidjson::Value entry(rapidjson::kObjectType);
  const std::string type = mcp::transport_name(server);
  auto text = [&allocator](const std::string& value) {
    return rapidjson::Value(value.c_str(), allocator);
  };
  if (vscode || type != "stdio") entry.AddMember("type", text(type), allocator);
  if (server.url.empty()) {
    entry.AddMember("command", text(server.command), allocator);
    rapidjson::Value args(rapidjson::kArrayType);
    for (const std::string& arg : server.args) args.PushBack(text(arg), allocator);
    if (!server.args.empty()) entry.AddMember("args", args, allocator);
    if (!server.env.empty())
      entry.AddMember("env", string_map(server.env, redact, allocator), allocator);
    if (!server.cwd.empty()) entry.AddMember("cwd", text(server.cwd), allocator);
  } else {
    entry.AddMember("url", text(server.url), allocator);
    if (!server.headers.empty()) {
      entry.AddMember("headers", string_map(server.headers, redact, allocator), allocator);
    }
  }
  if (!server.enabled) entry.AddMember("enabled", false, allocator);
  if (server.timeout_s != mcp::kDefaultTimeoutSeconds) {
    entry.AddMember("timeout", server.timeout_s, allocator);
  }
  return entry;
}

rapidjson::Value export_document(const mcp::LoadedServers& loaded, const ExportOptions& options,
                                 bool redact, rapidjson::Document::AllocatorType& allocator) {
  const bool vscode = options.format == "vscode";
  rapidjson::Value servers(rapidjson::kObjectType);
  for (const mcp::ServerConfig& server : loaded.servers) {
    servers.AddMember(rapidjson::Value(server.name.c_str(), allocator),
                      portable_entry(server, vscode, redact, allocator), allocator);
  }
  rapidjson::Value document(rapidjson::kObjectType);
  document.AddMember(rapidjson::StringRef(vscode ? "servers" : "mcpServers"), servers, allocator);
  return document;
}

int run_export(const ExportOptions& options) {
  CommandOutput out(options.json);
  const mcp::LoadedServers loaded = load_configured_servers();
  if (!options.path.empty()) {
    rapidjson::Document full;
    full.CopyFrom(export_document(loaded, options, false, full.GetAllocator()),
                  full.GetAllocator());
    try {
      const config::FileLock lock(options.path);
      config::write_file_atomically(options.path, pretty_json(full) + "\n");
    } catch (const std::exception& e) {
      return out.fail(e.what(), ErrorCode::kConfig);
    }
  }
  rapidjson::Value shown = export_document(loaded, options, true, out.allocator());
  if (!options.json) return out.succeed(pretty_json(shown));
  rapidjson::Value path;
  if (!options.path.empty()) path = out.string(options.path);
  out.payload().AddMember("path", path, out.allocator());
  out.payload().AddMember("config", shown, out.allocator());
  return out.succeed("");
}

}  // namespace

std::function<int()> define_mcp_export(CLI::App& app) {
  auto options = std::make_shared<ExportOptions>();
  app.add_option("--format", options->format, "mcpServers (default) or vscode")
      ->check(CLI::IsMember({"mcpServers", "vscode"}));
  app.add_option("--path", options->path, "Also write the document to FILE")->type_name("FILE");
  add_json_flag(app, options->json);
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [options] { return run_export(*options); };
}

}  // namespace kosmo::cli
