#include "lib/cli/mcp_add_command.h"

#include <spdlog/spdlog.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "lib/cli/command_output.h"
#include "lib/cli/config_scope.h"
#include "lib/cli/mcp_command_support.h"
#include "lib/cli/run_flag_options.h"
#include "lib/cli/seconds_option.h"
#include "lib/common/error_codes.h"
#include "lib/config/config_update.h"
#include "lib/config/permission.h"
#include "lib/mcp/config_writer.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(Writes NAME under "mcpServers" in $KOSMO_HOME/mcp.json, or in the project's .mcp.json with
--project (mode 0600: env values and headers may be secrets; prefer "${VAR}" references,
expanded when the server starts; --env VAR alone writes VAR="${VAR}"). Other entries and keys
are kept. An existing NAME is replaced, as in KosmoKrator ("replaced": true). The command may follow NAME (a URL
starting http:// or https:// makes an HTTP server); arguments starting with '-' go after "--"
or as --arg=-y. --read/--write store the server's policy (key "mcp.NAME") in the same scope's
config.yaml; a project's config can only narrow the user's. Project servers must be trusted
(kosmo mcp:trust NAME) before they start; user servers need no trust.

Examples:
  kosmo mcp:add fs -- npx -y @modelcontextprotocol/server-filesystem /tmp
  kosmo mcp:add fs --command npx --arg=-y --arg @modelcontextprotocol/server-filesystem
  kosmo mcp:add github --command github-mcp --env GITHUB_TOKEN --timeout 60 --read allow
  kosmo mcp:add docs https://example.com/mcp --header 'Authorization: Bearer ${DOCS_TOKEN}'
  kosmo mcp:add repo-tools --project --type=stdio --command=node --arg=tools.js --json

JSON (--json):
  {"success": true, "error": null, "error_code": null, "name": "fs", "lua_name": "fs",
   "file": "/home/me/.kosmo/mcp.json", "type": "stdio", "replaced": false, "server": "fs",
   "path": "/home/me/.kosmo/mcp.json", "scope": "global", "permissions": {"read": "allow"}}
  ("server" and "path" are KosmoKrator's names for "name" and "file"; "permissions" lists what
  --read/--write set.) Failures: "usage" (bad flags or entry), "config_error"
  (unreadable or unwritable file).
)";

struct AddOptions {
  std::string name;
  std::string command_or_url;  // the positional after NAME
  std::string type;            // --type: "", "stdio" or "http"
  std::string command;
  std::vector<std::string> args;      // --arg, in order
  std::vector<std::string> trailing;  // positionals after COMMAND|URL, appended to args
  std::vector<std::string> env;
  std::string cwd;
  std::string url;
  std::vector<std::string> headers;
  std::optional<double> timeout;
  bool disabled = false;
  bool enable = false;
  std::optional<std::string> read, write;
  ScopeFlags scope;
  bool json = false;
};

bool is_url(const std::string& text) {
  return text.rfind("http://", 0) == 0 || text.rfind("https://", 0) == 0;
}

// KosmoKrator's forms: `NAME CMD ARGS...`, `NAME URL`, --type. With --command or --url given,
// the positionals are all arguments of the command.
std::optional<std::string> resolve_target(AddOptions& options) {
  if (!options.command_or_url.empty()) {
    if (!options.command.empty() || !options.url.empty()) {
      options.trailing.insert(options.trailing.begin(), options.command_or_url);
    } else if (is_url(options.command_or_url) && options.type != "stdio") {
      options.url = options.command_or_url;
    } else {
      options.command = options.command_or_url;
    }
  }
  // CLI11 assigns each option's values whole, so the two sources are kept apart until now.
  options.args.insert(options.args.end(), options.trailing.begin(), options.trailing.end());
  if (options.type == "stdio" && options.command.empty()) return "--type stdio needs a command.";
  if (options.type == "http" && options.url.empty()) return "--type http needs a URL (--url).";
  return std::nullopt;
}

// KEY=VALUE, or (--env) KEY alone for "${KEY}", or (--header) "Name: value".
std::optional<std::pair<std::string, std::string>> split_pair(const std::string& pair,
                                                              const char* flag) {
  const bool header = std::string(flag) == "--header";
  const size_t split = pair.find_first_of(header ? ":=" : "=");
  if (split == std::string::npos && !header && !pair.empty()) {
    return std::make_pair(pair, "${" + pair + "}");
  }
  if (split == std::string::npos || split == 0) return std::nullopt;
  std::string value = pair.substr(split + 1);
  if (header) value.erase(0, value.find_first_not_of(' '));
  return std::make_pair(pair.substr(0, split), value);
}

// Adds KEY=VALUE pairs as an object member `key`; returns the usage error, if any.
std::optional<std::string> add_pairs(const std::vector<std::string>& pairs, const char* flag,
                                     const char* key, rapidjson::Document& entry) {
  if (pairs.empty()) return std::nullopt;
  auto& allocator = entry.GetAllocator();
  rapidjson::Value map(rapidjson::kObjectType);
  for (const std::string& pair : pairs) {
    const auto split = split_pair(pair, flag);
    if (!split) return std::string(flag) + " takes KEY=VALUE, got '" + pair + "'.";
    rapidjson::Value name(split->first.c_str(), allocator);
    if (map.HasMember(name)) return std::string(flag) + " gives '" + name.GetString() + "' twice.";
    map.AddMember(name, rapidjson::Value(split->second.c_str(), allocator), allocator);
  }
  entry.AddMember(rapidjson::StringRef(key), map, allocator);
  return std::nullopt;
}

std::optional<std::string> build_entry(const AddOptions& options, rapidjson::Document& entry) {
  entry.SetObject();
  auto& allocator = entry.GetAllocator();
  if (options.name.find_first_not_of(" \t") == std::string::npos) return "NAME must not be empty.";
  if (options.command.empty() == options.url.empty())
    return "Give exactly one of --command or --url.";
  if (!options.command.empty()) {
    if (!options.headers.empty()) return "--header needs --url (HTTP servers).";
    if (!options.type.empty()) entry.AddMember("type", "stdio", allocator);
    entry.AddMember("command", rapidjson::Value(options.command.c_str(), allocator), allocator);
    rapidjson::Value args(rapidjson::kArrayType);
    for (const std::string& arg : options.args)
      args.PushBack(rapidjson::Value(arg.c_str(), allocator), allocator);
    entry.AddMember("args", args, allocator);
    if (auto problem = add_pairs(options.env, "--env", "env", entry)) return problem;
    if (!options.cwd.empty()) {
      entry.AddMember("cwd", rapidjson::Value(options.cwd.c_str(), allocator), allocator);
    }
  } else {
    if (!options.args.empty() || !options.env.empty() || !options.cwd.empty()) {
      return "--arg, --env and --cwd need --command (stdio servers).";
    }
    entry.AddMember("type", "http", allocator);
    entry.AddMember("url", rapidjson::Value(options.url.c_str(), allocator), allocator);
    if (auto problem = add_pairs(options.headers, "--header", "headers", entry)) return problem;
  }
  if (options.timeout) {
    // Whole seconds as an integer, as KosmoKrator writes them ("timeout": 45, not 45.0).
    const double seconds = *options.timeout;
    rapidjson::Value timeout(seconds);
    if (seconds == std::floor(seconds) && seconds < 1e15) {
      timeout.SetInt64(static_cast<int64_t>(seconds));
    }
    entry.AddMember("timeout", timeout, allocator);
  }
  if (options.disabled) entry.AddMember("enabled", false, allocator);
  return std::nullopt;
}

// --read/--write into the scope's config.yaml under the policy key "mcp.NAME", applied to the
// file as it is once locked (config_update.h). Throws ConfigError or AtomicWriteError.
void store_policy(const AddOptions& options, CommandOutput& out) {
  rapidjson::Value set(rapidjson::kObjectType);
  if (!options.read && !options.write) return;
  const std::string key = "mcp." + options.name;
  config::update_config_file(scope_config_file(options.scope), [&](config::KosmoConfig& config) {
    if (options.read) {
      config.set_permission(key, config::Operation::kRead,
                            *config::parse_permission(*options.read));
    }
    if (options.write) {
      config.set_permission(key, config::Operation::kWrite,
                            *config::parse_permission(*options.write));
    }
    return true;
  });
  if (options.read) set.AddMember("read", out.string(*options.read), out.allocator());
  if (options.write) set.AddMember("write", out.string(*options.write), out.allocator());
  out.payload().AddMember("permissions", set, out.allocator());
}

void describe(const AddOptions& options, const std::filesystem::path& file,
              const mcp::ServerConfig& parsed, bool replaced, CommandOutput& out) {
  auto& allocator = out.allocator();
  auto& payload = out.payload();
  payload.AddMember("name", out.string(options.name), allocator);
  payload.AddMember("lua_name", out.string(mcp::sanitize_name(options.name)), allocator);
  payload.AddMember("file", out.string(file.string()), allocator);
  payload.AddMember("type", out.string(mcp::transport_name(parsed)), allocator);
  payload.AddMember("replaced", replaced, allocator);
  payload.AddMember("server", out.string(options.name), allocator);
  payload.AddMember("path", out.string(file.string()), allocator);
  payload.AddMember("scope", rapidjson::StringRef(scope_name(options.scope)), allocator);
}

int run_add(AddOptions& options) {
  CommandOutput out(options.json);
  rapidjson::Document entry;
  if (auto problem = resolve_target(options)) return out.fail(*problem, ErrorCode::kUsage);
  if (auto problem = build_entry(options, entry)) return out.fail(*problem, ErrorCode::kUsage);
  // The loader's own checks.
  Outcome<mcp::ServerConfig, std::string> parsed = mcp::parse_server_entry(options.name, entry);
  if (!parsed) return out.fail("Invalid server entry: " + parsed.error(), ErrorCode::kUsage);
  std::filesystem::path file;
  try {
    file = scope_mcp_file(options.scope);
  } catch (const std::exception& e) {  // no home directory
    return out.fail(e.what(), ErrorCode::kConfig);
  }
  // KosmoKrator's mcp:add is an upsert, so a setup script can run it again.
  const Outcome<mcp::AddResult> result =
      mcp::add_server_entry(file, options.name, entry, /*replace=*/true);
  if (!result) return out.fail(result.error());
  const bool replaced = *result == mcp::AddResult::kReplaced;
  describe(options, file, *parsed, replaced, out);
  try {
    store_policy(options, out);
  } catch (const std::exception& e) {
    return out.fail(e.what(), ErrorCode::kConfig);
  }
  const mcp::LoadedServers loaded = load_configured_servers();
  if (const mcp::ServerConfig* effective = loaded.find(options.name);
      effective != nullptr && effective->source_file != file) {
    spdlog::warn("MCP server '{}' is also defined in {}, which takes precedence.", options.name,
                 effective->source_file.string());
  }
  return out.succeed(
      std::string(replaced ? "Replaced" : "Added") + " MCP server '" + options.name + "' (" +
      mcp::transport_name(*parsed) + ": " + launch_text(*parsed) + ") in " + file.string() + "." +
      (options.scope.project ? " Trust it with: kosmo mcp:trust " + options.name : std::string()));
}

}  // namespace

std::function<int()> define_mcp_add(CLI::App& app) {
  auto options = std::make_shared<AddOptions>();
  app.add_option("name", options->name, "Server name (app.mcp.<name> in Lua)")->required();
  app.add_option("command_or_url", options->command_or_url,
                 "Program of a stdio server, or URL of an HTTP server");
  app.add_option("args", options->trailing,
                 "Arguments of the program (after \"--\" when they start with '-')");
  app.add_option("--type", options->type, "Transport: stdio or http (default: from the target)")
      ->check(CLI::IsMember({"stdio", "http"}));
  app.add_option("--command", options->command, "Program of a stdio server")->type_name("CMD");
  app.add_option("--arg", options->args, "One argument of --command (repeatable)")
      ->type_name("ARG")
      ->allow_extra_args(false);
  app.add_option("--env", options->env, "Environment variable of the server (repeatable)")
      ->type_name("KEY[=VALUE]")
      ->allow_extra_args(false);
  app.add_option("--cwd", options->cwd, "Working directory of the server")->type_name("DIR");
  app.add_option("--url", options->url, "Streamable HTTP endpoint")->type_name("URL");
  app.add_option("--header", options->headers, "HTTP header (repeatable)")
      ->type_name("'NAME: VALUE'")
      ->allow_extra_args(false);
  app.add_option("--timeout", options->timeout, "Per-request timeout in seconds (default 30)")
      ->type_name("SECONDS")
      ->check(seconds_check());
  CLI::Option* disabled = app.add_flag("--disabled,--disable", options->disabled,
                                       "Write the entry with \"enabled\": false");
  app.add_flag("--enable", options->enable, "Write the entry enabled (the default)")
      ->excludes(disabled);
  const std::vector<std::string> permissions = {"allow", "ask", "deny"};
  app.add_option("--read", options->read, "Policy for the server's read tools")
      ->check(CLI::IsMember(permissions));
  app.add_option("--write", options->write, "Policy for the server's write tools")
      ->check(CLI::IsMember(permissions));
  // Kept for scripts written for earlier kosmo versions, which refused an existing NAME.
  app.add_flag("--replace")->description("Replace an existing entry of the same name (the default)");
  add_scope_flags(app, options->scope);
  add_json_flag(app, options->json);
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [options] { return run_add(*options); };
}

}  // namespace kosmo::cli
