#include "lib/cli/mcp_secret_command.h"

#include <unistd.h>

#include <memory>
#include <optional>
#include <string>

#include "lib/cli/command_output.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"
#include "lib/common/file_read.h"
#include "lib/config/config_update.h"
#include "lib/config/credential_cipher.h"
#include "lib/config/credential_key.h"
#include "lib/config/paths.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(Secrets live sealed (enc:v1:, the key integrations:configure uses) under mcp.secrets in
$KOSMO_HOME/config.yaml, named mcp.SERVER.KEY (KEY such as env.GITHUB_TOKEN). An mcp.json
entry uses one as an env or header value "@secret:mcp.SERVER.KEY" or
"${KOSMO_SECRET:mcp.SERVER.KEY}", resolved when the server starts, so the file (often a
project's, in git) never holds it. Give the value with --stdin or --env VAR rather than as
VALUE (argv is visible to ps and shell history). Values are never printed.

Examples:
  printf '%s' "$TOKEN" | kosmo mcp:secret:set github env.GITHUB_TOKEN --stdin
  kosmo mcp:secret:set github env.GITHUB_TOKEN --env GITHUB_TOKEN --json
  kosmo mcp:add github --command github-mcp --env 'GITHUB_TOKEN=@secret:mcp.github.env.GITHUB_TOKEN'
  kosmo mcp:secret:list --json
  kosmo mcp:secret:unset github env.GITHUB_TOKEN

JSON (--json):
  set/unset: {"success": true, "error": null, "error_code": null, "server": "github",
              "key": "mcp.github.env.GITHUB_TOKEN", "configured": true}
  list:      {"success": true, "error": null, "error_code": null, "secrets": [{"key":
              "mcp.github.env.GITHUB_TOKEN", "server": "github", "configured": true,
              "masked": "********"}]}
  Failures: "usage" (no SERVER/KEY, no value, unset variable), "config_error".
)";

enum class Action { kSet, kUnset, kList };

struct SecretOptions {
  std::string server;
  std::string key;
  std::string value;
  bool from_stdin = false;
  std::string env;
  bool json = false;
};

// KosmoKrator's McpSecretStore::storageKey: a KEY already starting "mcp." is taken whole.
std::string reference(const SecretOptions& options) {
  std::string key = options.key;
  key.erase(0, key.find_first_not_of('.'));
  key.erase(key.find_last_not_of('.') + 1);
  return key.rfind("mcp.", 0) == 0 ? key : "mcp." + options.server + "." + key;
}

std::optional<std::string> secret_value(const SecretOptions& options, std::string& problem) {
  if (options.from_stdin) {
    const ReadResult read = read_descriptor(STDIN_FILENO, ReadLimits{1 << 20, {}});
    if (!read.ok()) problem = "Cannot read stdin: " + read.problem() + ".";
    std::string value = read.text;
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
    if (read.ok() && !value.empty()) return value;
  } else if (!options.env.empty()) {
    const std::optional<std::string> value = config::process_environment().get(options.env);
    if (value && !value->empty()) return value;
    problem = "The environment variable " + options.env + " is not set.";
  } else if (!options.value.empty()) {
    return options.value;
  }
  if (problem.empty()) problem = "Provide a value, --stdin, or --env.";
  return std::nullopt;
}

void describe(const SecretOptions& options, const std::string& key, bool configured,
              CommandOutput& out) {
  out.payload().AddMember("server", out.string(options.server), out.allocator());
  out.payload().AddMember("key", out.string(key), out.allocator());
  out.payload().AddMember("configured", configured, out.allocator());
}

int run_list(const SecretOptions& options, CommandOutput& out) {
  config::KosmoConfig config;
  try {
    config = config::KosmoConfig::load(config::config_file());
  } catch (const std::exception& e) {
    return out.fail(e.what(), ErrorCode::kConfig);
  }
  const std::string prefix = options.server.empty() ? "mcp." : "mcp." + options.server + ".";
  rapidjson::Value rows(rapidjson::kArrayType);
  std::string text;
  for (const auto& [key, value] : config.mcp_secrets()) {  // sorted by key, as KosmoKrator's
    if (key.rfind(prefix, 0) != 0) continue;
    const size_t dot = key.find('.', 4);
    rapidjson::Value row(rapidjson::kObjectType);
    row.AddMember("key", out.string(key), out.allocator());
    row.AddMember("server", out.string(key.substr(4, dot == std::string::npos ? dot : dot - 4)),
                  out.allocator());
    row.AddMember("configured", !value.empty(), out.allocator());
    row.AddMember("masked", "********", out.allocator());
    rows.PushBack(row, out.allocator());
    text += key + "\n";
  }
  out.payload().AddMember("secrets", rows, out.allocator());
  return out.succeed(text.empty() ? "No MCP secrets stored." : text);
}

int run_change(const SecretOptions& options, Action action, CommandOutput& out) {
  if (options.server.empty() || options.key.empty()) {
    return out.fail("Server and key are required.", ErrorCode::kUsage);
  }
  const std::string key = reference(options);
  std::string sealed;
  try {
    if (action == Action::kSet) {
      std::string problem;
      const std::optional<std::string> value = secret_value(options, problem);
      if (!value) return out.fail(problem, ErrorCode::kUsage);
      const config::CredentialKey cipher_key =
          config::find_or_create_credential_key(config::process_environment());
      sealed = config::encrypt_credential(*value, cipher_key);
    }
    config::update_config_file(config::config_file(), [&](config::KosmoConfig& config) {
      if (action == Action::kSet) config.set_mcp_secret(key, sealed);
      return action == Action::kSet || config.remove_mcp_secret(key);
    });
  } catch (const std::exception& e) {
    return out.fail(e.what(), ErrorCode::kConfig);
  }
  describe(options, key, action == Action::kSet, out);
  return out.succeed(std::string(action == Action::kSet ? "Stored" : "Removed") + " MCP secret " +
                     key + ".");
}

std::function<int()> define(CLI::App& app, Action action) {
  auto options = std::make_shared<SecretOptions>();
  app.add_option("server", options->server, "Server name");
  if (action != Action::kList) {
    app.add_option("key", options->key, "Secret key, e.g. env.GITHUB_TOKEN");
  }
  if (action == Action::kSet) {
    app.add_option("value", options->value, "The value (prefer --stdin or --env)");
    CLI::Option* from_stdin =
        app.add_flag("--stdin", options->from_stdin, "Read the value from stdin");
    app.add_option("--env", options->env, "Read the value from environment variable VAR")
        ->type_name("VAR")
        ->excludes(from_stdin);
  }
  add_json_flag(app, options->json);
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [options, action] {
    CommandOutput out(options->json);
    return action == Action::kList ? run_list(*options, out) : run_change(*options, action, out);
  };
}

}  // namespace

std::function<int()> define_mcp_secret_set(CLI::App& app) { return define(app, Action::kSet); }
std::function<int()> define_mcp_secret_unset(CLI::App& app) { return define(app, Action::kUnset); }
std::function<int()> define_mcp_secret_list(CLI::App& app) { return define(app, Action::kList); }

}  // namespace kosmo::cli
