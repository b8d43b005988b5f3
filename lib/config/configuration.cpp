#include "lib/config/configuration.h"

#include "lib/config/paths.h"

namespace kosmo::config {
namespace {

// Loads `file`, keeping the first failure of the command in `failure`.
std::optional<KosmoConfig> load_file(const std::filesystem::path& file,
                                     std::optional<Failure>& failure) {
  try {
    return KosmoConfig::load(file);
  } catch (const std::exception& e) {  // ConfigError, or a home that cannot be located
    if (!failure) failure = Failure{ErrorCode::kConfig, e.what()};
    return std::nullopt;
  }
}

}  // namespace

Configuration::Configuration(KosmoConfig user, std::optional<KosmoConfig> project,
                             const Environment& env)
    : env_(&env), user_(std::move(user)), project_(std::move(project)) {}

Configuration Configuration::load(const Environment& env, const std::filesystem::path& cwd) {
  Configuration loaded(env);
  std::optional<std::filesystem::path> user_file;
  try {
    user_file = config_file(env);
  } catch (const std::exception& e) {
    loaded.failure_ = Failure{ErrorCode::kConfig, e.what()};
  }
  if (user_file) {
    if (auto user = load_file(*user_file, loaded.failure_)) loaded.user_ = std::move(*user);
  }
  const std::filesystem::path project_file = project_config_file(project_root(cwd));
  // The project's file is the user's own when KOSMO_HOME is the project's .kosmo directory.
  std::error_code ec;
  if (user_file && std::filesystem::equivalent(*user_file, project_file, ec)) return loaded;
  std::optional<KosmoConfig> project = load_file(project_file, loaded.failure_);
  // A missing file loads as an empty config; only a file that exists is a project config.
  if (project && std::filesystem::exists(project_file, ec)) loaded.project_ = std::move(project);
  return loaded;
}

std::vector<std::string> Configuration::ignored_project_settings() const {
  std::vector<std::string> ignored;
  if (!project_) return ignored;
  for (const std::string& name : project_->integration_names()) {
    if (project_->enabled_flag(name)) ignored.push_back("integrations." + name + ".enabled");
    if (project_->has_accounts(name)) {
      ignored.push_back("integrations." + name + ".accounts");
    }
  }
  if (!project_->trusted_servers().empty()) ignored.push_back("mcp.trusted");
  return ignored;
}

PermissionPolicy Configuration::policy() const {
  if (!mcp_force_opt_in_) {
    mcp_force_opt_in_ = mcp_force_opt_in(user_, env_->get("KOSMO_MCP_ALLOW_FORCE"));
  }
  return PermissionPolicy(&user_, project(), *mcp_force_opt_in_);
}

}  // namespace kosmo::config
