#pragma once
// What `integrations:configure` is asked to change, gathered from every form KosmoKrator's
// IntegrationConfigureCommand accepts (--set, --unset, --permissions, --read/--write,
// --enable/--disable, --account, --project, and the same as a JSON object on stdin with
// --stdin-json) and kosmo's ways to pass a secret without putting it in argv (--set-env
// KEY=VAR, --set-stdin KEY). Later forms win, as in KosmoKrator: flags over the stdin object,
// --read/--write over --permissions.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lib/cli/cli_app_fwd.h"
#include "lib/cli/config_scope.h"
#include "lib/common/outcome.h"
#include "lib/config/environment.h"
#include "lib/config/permission.h"

namespace kosmo::cli {

struct ConfigureOptions {
  std::string integration;         // a manifest name, or "mcp.<server>" for an MCP server's policy
  std::vector<std::string> set;    // KEY=VALUE
  std::vector<std::string> unset;  // KEY
  std::vector<std::string> set_env;  // KEY=VAR: the value of $VAR now
  std::string set_stdin;             // KEY: the value is stdin
  std::optional<std::string> account;
  bool enable = false;
  bool disable = false;
  std::optional<std::string> read;
  std::optional<std::string> write;
  std::string permissions;  // read:allow,write:ask
  bool stdin_json = false;
  ScopeFlags scope;
  bool json = false;
};

struct ConfigureRequest {
  std::string account;
  bool project = false;  // permissions go to the project's .kosmo/config.yaml
  std::vector<std::pair<std::string, std::string>> values;  // key, value ("" removes)
  std::vector<std::string> unset;                           // keys to remove
  std::optional<bool> enabled;
  std::optional<config::Permission> read;
  std::optional<config::Permission> write;
  bool changes_credentials() const { return !values.empty() || !unset.empty(); }
  bool empty() const { return !changes_credentials() && !enabled && !read && !write; }
};

// Registers the options on `app`.
void add_configure_options(CLI::App& app, ConfigureOptions& options);

// The request, or the usage problem (malformed pair, bad permission, unset variable, stdin
// that is not a JSON object). Reads stdin for --stdin-json and --set-stdin.
Outcome<ConfigureRequest, std::string> read_configure_request(const ConfigureOptions& options,
                                                              const config::Environment& env);

}  // namespace kosmo::cli
