#pragma once
// The configuration one command runs with: the user's $KOSMO_HOME/config.yaml and, when the
// command runs inside a project, the project's .kosmo/config.yaml (spec §6). The project file
// can only narrow the user's permissions: it cannot enable integrations, supply credentials or
// trust MCP servers, and settings of that kind in it are ignored with a warning.
//
// Both files are read once, when the command starts. A file that cannot be used is kept as a
// failure (config_error, exit 5) for whatever needs configuration to report; commands that
// never touch it are not affected.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "lib/common/outcome.h"
#include "lib/config/environment.h"
#include "lib/config/kosmo_config.h"
#include "lib/config/policy.h"

namespace kosmo::config {

class Configuration {
 public:
  // The files for `cwd`'s project (git top level, else `cwd`). `env` must outlive the result.
  static Configuration load(const Environment& env, const std::filesystem::path& cwd);
  // From configs already parsed (tests, and callers that hold them).
  Configuration(KosmoConfig user, std::optional<KosmoConfig> project, const Environment& env);

  Configuration(Configuration&&) noexcept = default;
  Configuration& operator=(Configuration&&) = delete;

  const Environment& environment() const { return *env_; }
  // The first file that could not be used; user() and policy() are not to be trusted then.
  const std::optional<Failure>& failure() const { return failure_; }
  // The user's config.yaml (empty when it does not exist or failed).
  const KosmoConfig& user() const { return user_; }
  // The project's .kosmo/config.yaml, when there is one.
  const KosmoConfig* project() const { return project_ ? &*project_ : nullptr; }
  // The user's permissions narrowed by the project's. Valid while this object lives.
  PermissionPolicy policy() const;
  // What the project file says that it cannot decide (key paths), for a warning.
  std::vector<std::string> ignored_project_settings() const;

 private:
  explicit Configuration(const Environment& env) : env_(&env) {}

  const Environment* env_;
  KosmoConfig user_;
  std::optional<KosmoConfig> project_;
  std::optional<Failure> failure_;
  // mcp_force_opt_in, worked out on the first policy(): the environment is read once per run.
  mutable std::optional<bool> mcp_force_opt_in_;
};

}  // namespace kosmo::config
