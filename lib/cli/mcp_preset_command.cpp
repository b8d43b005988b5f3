#include "lib/cli/mcp_preset_command.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "lib/cli/command_output.h"
#include "lib/cli/config_scope.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"
#include "lib/mcp/config_writer.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(ACTION is list (the default) or add. add writes the preset's entry under its name (or
--name) into $KOSMO_HOME/mcp.json, or the project's .mcp.json with --project, replacing an
entry of that name. API keys are "${VAR}" references: export the variable before the server
starts. The presets are KosmoKrator's: tavily, firecrawl, exa, fetch, parallel ('-' and '_'
are the same in a preset name).

Examples:
  kosmo mcp:preset
  kosmo mcp:preset list --json
  kosmo mcp:preset add tavily
  kosmo mcp:preset add fetch --name web-fetch --disable --json

JSON (--json):
  list: {"success": true, "error": null, "error_code": null,
         "presets": {"fetch": {"name": "fetch", "type": "stdio", "command": "uvx",
                               "args": ["mcp-server-fetch"], "env": {}}, ...}}
  add:  {"success": true, "error": null, "error_code": null, "preset": "fetch",
         "server": "web-fetch", "path": "/home/me/.kosmo/mcp.json", "scope": "global",
         "replaced": false}
  Failures: "usage" (unknown action or preset), "config_error" (unwritable file).
)";

struct Preset {
  const char* name;
  const char* command;
  std::vector<const char*> args;
  const char* env_key;  // the API key variable, or nullptr
};

// KosmoKrator's McpPresetCommand::presets(), in its order.
const std::vector<Preset>& presets() {
  static const std::vector<Preset> table = {
      {"tavily", "npx", {"-y", "tavily-mcp"}, "TAVILY_API_KEY"},
      {"firecrawl", "npx", {"-y", "firecrawl-mcp"}, "FIRECRAWL_API_KEY"},
      {"exa", "npx", {"-y", "exa-mcp-server"}, "EXA_API_KEY"},
      {"fetch", "uvx", {"mcp-server-fetch"}, nullptr},
      {"parallel",
       "npx",
       {"-y", "mcp-remote", "https://search.parallel.ai/mcp"},
       "PARALLEL_API_KEY"},
  };
  return table;
}

struct PresetOptions {
  std::string action = "list";
  std::string preset;
  std::string name;
  bool enable = false;
  bool disable = false;
  ScopeFlags scope;
  bool json = false;
};

// The mcp.json entry of `preset` (with "name" and "type" too when `listing`).
rapidjson::Value preset_entry(const Preset& preset, bool listing, bool enabled,
                              rapidjson::Document::AllocatorType& allocator) {
  rapidjson::Value entry(rapidjson::kObjectType);
  if (listing) entry.AddMember("name", rapidjson::StringRef(preset.name), allocator);
  if (listing) entry.AddMember("type", "stdio", allocator);
  entry.AddMember("command", rapidjson::StringRef(preset.command), allocator);
  rapidjson::Value args(rapidjson::kArrayType);
  for (const char* arg : preset.args) args.PushBack(rapidjson::StringRef(arg), allocator);
  entry.AddMember("args", args, allocator);
  rapidjson::Value env(rapidjson::kObjectType);
  if (preset.env_key != nullptr) {
    const std::string reference = std::string("${") + preset.env_key + "}";
    env.AddMember(rapidjson::StringRef(preset.env_key),
                  rapidjson::Value(reference.c_str(), allocator), allocator);
  }
  if (listing || preset.env_key != nullptr) entry.AddMember("env", env, allocator);
  if (!enabled) entry.AddMember("enabled", false, allocator);
  return entry;
}

int list_presets(CommandOutput& out) {
  rapidjson::Value all(rapidjson::kObjectType);
  std::vector<std::vector<std::string>> rows = {{"PRESET", "TRANSPORT", "COMMAND", "ENV"}};
  for (const Preset& preset : presets()) {
    all.AddMember(rapidjson::StringRef(preset.name),
                  preset_entry(preset, true, true, out.allocator()), out.allocator());
    std::string command = preset.command;
    for (const char* arg : preset.args) command += std::string(" ") + arg;
    rows.push_back({preset.name, "stdio", command, preset.env_key ? preset.env_key : ""});
  }
  out.payload().AddMember("presets", all, out.allocator());
  return out.succeed(format_columns(rows));
}

int add_preset(const PresetOptions& options, CommandOutput& out) {
  std::string wanted = options.preset;
  std::transform(wanted.begin(), wanted.end(), wanted.begin(),
                 [](unsigned char c) { return c == '-' ? '_' : std::tolower(c); });
  const auto& table = presets();
  const auto preset = std::find_if(table.begin(), table.end(),
                                   [&wanted](const Preset& p) { return wanted == p.name; });
  if (preset == table.end()) {
    return out.fail("Unknown MCP preset '" + options.preset +
                        "'. Presets: tavily, firecrawl, exa, fetch, parallel.",
                    ErrorCode::kUsage);
  }
  const std::string name = options.name.empty() ? preset->name : options.name;
  std::filesystem::path file;
  try {
    file = scope_mcp_file(options.scope);
  } catch (const std::exception& e) {  // no home directory
    return out.fail(e.what(), ErrorCode::kConfig);
  }
  rapidjson::Document scratch;
  const rapidjson::Value entry =
      preset_entry(*preset, false, !options.disable, scratch.GetAllocator());
  const Outcome<mcp::AddResult> added = mcp::add_server_entry(file, name, entry, true);
  if (!added) return out.fail(added.error());
  auto& allocator = out.allocator();
  out.payload().AddMember("preset", rapidjson::StringRef(preset->name), allocator);
  out.payload().AddMember("server", out.string(name), allocator);
  out.payload().AddMember("path", out.string(file.string()), allocator);
  out.payload().AddMember("scope", rapidjson::StringRef(scope_name(options.scope)), allocator);
  out.payload().AddMember("replaced", *added == mcp::AddResult::kReplaced, allocator);
  return out.succeed(std::string("Added MCP preset ") + preset->name + " as '" + name + "' to " +
                     file.string() +
                     (preset->env_key ? std::string(". It reads $") + preset->env_key : "") + ".");
}

int run_preset(const PresetOptions& options) {
  CommandOutput out(options.json);
  if (options.action == "list") return list_presets(out);
  if (options.action != "add") {
    return out.fail("Unknown action '" + options.action + "'. Use list or add.", ErrorCode::kUsage);
  }
  if (options.preset.empty()) {
    return out.fail("Name the preset to add: kosmo mcp:preset add PRESET (see kosmo mcp:preset).",
                    ErrorCode::kUsage);
  }
  return add_preset(options, out);
}

}  // namespace

std::function<int()> define_mcp_preset(CLI::App& app) {
  auto options = std::make_shared<PresetOptions>();
  app.add_option("action", options->action, "list (default) or add");
  app.add_option("preset", options->preset, "Preset name, for add");
  app.add_option("--name", options->name, "Server name (default: the preset's)")->type_name("NAME");
  CLI::Option* enable = app.add_flag("--enable", options->enable, "Write the entry enabled");
  app.add_flag("--disable", options->disable, "Write the entry with \"enabled\": false")
      ->excludes(enable);
  add_scope_flags(app, options->scope);
  add_json_flag(app, options->json);
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [options] { return run_preset(*options); };
}

}  // namespace kosmo::cli
