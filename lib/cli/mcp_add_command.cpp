#include "lib/cli/mcp_add_command.h"

#include <spdlog/spdlog.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "lib/cli/command_output.h"
#include "lib/cli/mcp_command_support.h"
#include "lib/cli/run_flag_options.h"
#include "lib/cli/seconds_option.h"
#include "lib/common/error_codes.h"
#include "lib/config/paths.h"
#include "lib/mcp/config_writer.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(Writes NAME under "mcpServers" in $KOSMO_HOME/mcp.json (mode 0600: env values and headers
may be secrets; prefer "${VAR}" references, expanded when the server starts). Other entries and
keys are kept. An existing NAME is refused unless --replace. Arguments starting with '-' are
given as --arg=-y, or after "--". User servers need no trust; project files (.mcp.json) are
edited by hand.

Examples:
  kosmo mcp:add fs --command npx -- -y @modelcontextprotocol/server-filesystem /tmp
  kosmo mcp:add github --command github-mcp --env 'GITHUB_TOKEN=${GITHUB_TOKEN}' --timeout 60
  kosmo mcp:add docs --url https://example.com/mcp --header 'Authorization=Bearer ${DOCS_TOKEN}'

JSON (--json):
  {"success": true, "error": null, "error_code": null, "name": "fs", "lua_name": "fs",
   "file": "/home/me/.kosmo/mcp.json", "type": "stdio", "replaced": false}
  Failures: "usage" (bad flags, NAME exists), "config_error" (unreadable or unwritable file).
)";

struct AddOptions {
  std::string name;
  std::string command;
  std::vector<std::string> args;      // --arg, in order
  std::vector<std::string> trailing;  // after "--", appended to args
  std::vector<std::string> env;
  std::string cwd;
  std::string url;
  std::vector<std::string> headers;
  std::optional<double> timeout;
  bool disabled = false;
  bool replace = false;
  bool json = false;
};

// Adds KEY=VALUE pairs as an object member `key`; returns the usage error, if any.
std::optional<std::string> add_pairs(const std::vector<std::string>& pairs, const char* flag,
                                     const char* key, rapidjson::Document& entry) {
  if (pairs.empty()) return std::nullopt;
  auto& allocator = entry.GetAllocator();
  rapidjson::Value map(rapidjson::kObjectType);
  for (const std::string& pair : pairs) {
    const size_t equals = pair.find('=');
    if (equals == std::string::npos || equals == 0) {
      return std::string(flag) + " takes KEY=VALUE, got '" + pair + "'.";
    }
    rapidjson::Value name(pair.substr(0, equals).c_str(), allocator);
    if (map.HasMember(name)) return std::string(flag) + " gives '" + name.GetString() + "' twice.";
    map.AddMember(name, rapidjson::Value(pair.substr(equals + 1).c_str(), allocator), allocator);
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
  if (options.timeout) entry.AddMember("timeout", *options.timeout, allocator);
  if (options.disabled) entry.AddMember("enabled", false, allocator);
  return std::nullopt;
}

int run_add(const AddOptions& options) {
  CommandOutput out(options.json);
  rapidjson::Document entry;
  if (auto problem = build_entry(options, entry)) return out.fail(*problem, ErrorCode::kUsage);
  // The loader's own checks.
  Outcome<mcp::ServerConfig, std::string> parsed = mcp::parse_server_entry(options.name, entry);
  if (!parsed) return out.fail("Invalid server entry: " + parsed.error(), ErrorCode::kUsage);
  std::filesystem::path file;
  try {
    file = config::user_mcp_file();
  } catch (const std::exception& e) {  // no home directory
    return out.fail(e.what(), ErrorCode::kConfig);
  }
  const Outcome<mcp::AddResult> result =
      mcp::add_server_entry(file, options.name, entry, options.replace);
  if (!result) return out.fail(result.error());
  if (*result == mcp::AddResult::kExists) {
    return out.fail("MCP server '" + options.name + "' already exists in " + file.string() +
                        ". Pass --replace to overwrite it, or remove it with kosmo mcp:remove " +
                        options.name + ".",
                    ErrorCode::kUsage);
  }
  const mcp::LoadedServers loaded = load_configured_servers();
  if (const mcp::ServerConfig* effective = loaded.find(options.name);
      effective != nullptr && effective->source_file != file) {
    spdlog::warn("MCP server '{}' is also defined in {}, which takes precedence.", options.name,
                 effective->source_file.string());
  }
  auto& allocator = out.allocator();
  out.payload().AddMember("name", out.string(options.name), allocator);
  out.payload().AddMember("lua_name", out.string(mcp::sanitize_name(options.name)), allocator);
  out.payload().AddMember("file", out.string(file.string()), allocator);
  out.payload().AddMember("type", out.string(mcp::transport_name(*parsed)), allocator);
  out.payload().AddMember("replaced", *result == mcp::AddResult::kReplaced, allocator);
  return out.succeed(std::string(*result == mcp::AddResult::kReplaced ? "Replaced" : "Added") +
                     " MCP server '" + options.name + "' (" + mcp::transport_name(*parsed) + ": " +
                     launch_text(*parsed) + ") in " + file.string() + ".");
}

}  // namespace

std::function<int()> define_mcp_add(CLI::App& app) {
  auto options = std::make_shared<AddOptions>();
  app.add_option("name", options->name, "Server name (app.mcp.<name> in Lua)")->required();
  app.add_option("command_args", options->trailing, "Arguments of --command, after \"--\"");
  app.add_option("--command", options->command, "Program of a stdio server")->type_name("CMD");
  app.add_option("--arg", options->args, "One argument of --command (repeatable)")
      ->type_name("ARG")
      ->allow_extra_args(false);
  app.add_option("--env", options->env, "Environment variable of the server (repeatable)")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  app.add_option("--cwd", options->cwd, "Working directory of the server")->type_name("DIR");
  app.add_option("--url", options->url, "Streamable HTTP endpoint")->type_name("URL");
  app.add_option("--header", options->headers, "HTTP header (repeatable)")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  app.add_option("--timeout", options->timeout, "Per-request timeout in seconds (default 30)")
      ->type_name("SECONDS")
      ->check(seconds_check());
  app.add_flag("--disabled", options->disabled, "Write the entry with \"enabled\": false");
  app.add_flag("--replace", options->replace, "Overwrite an existing entry of the same name");
  add_json_flag(app, options->json);
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [options] {
    // CLI11 assigns each option's values whole, so the two sources are kept apart until now.
    options->args.insert(options->args.end(), options->trailing.begin(), options->trailing.end());
    return run_add(*options);
  };
}

}  // namespace kosmo::cli
