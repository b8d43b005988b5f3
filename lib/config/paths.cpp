#include "lib/config/paths.h"

#include <pwd.h>
#include <unistd.h>

#include <optional>
#include <string>
#include <system_error>

#include "lib/config/config_error.h"

namespace kosmo::config {
namespace fs = std::filesystem;
namespace {

std::optional<std::string> non_empty(const Environment& env, const char* name) {
  std::optional<std::string> value = env.get(name);
  if (value && value->empty()) return std::nullopt;
  return value;
}

// cron and some CI runners start processes without HOME; the passwd entry still knows it.
std::optional<std::string> passwd_home() {
  struct passwd entry;
  struct passwd* found = nullptr;
  std::string buffer(16384, '\0');
  if (getpwuid_r(getuid(), &entry, buffer.data(), buffer.size(), &found) != 0 || !found ||
      !found->pw_dir || found->pw_dir[0] == '\0') {
    return std::nullopt;
  }
  return std::string(found->pw_dir);
}

}  // namespace

fs::path kosmo_home(const Environment& env) {
  if (auto home = non_empty(env, "KOSMO_HOME")) return fs::path(*home);
  std::optional<std::string> user_home = non_empty(env, "HOME");
  if (!user_home) user_home = passwd_home();
  if (!user_home) {
    throw ConfigError("Cannot locate the kosmo home directory: set KOSMO_HOME or HOME.");
  }
  return fs::path(*user_home) / ".kosmo";
}

fs::path config_file(const Environment& env) { return kosmo_home(env) / "config.yaml"; }

fs::path user_mcp_file(const Environment& env) { return kosmo_home(env) / "mcp.json"; }

fs::path project_root(const fs::path& cwd) {
  std::error_code ec;
  fs::path start = fs::absolute(cwd, ec).lexically_normal();
  if (ec) start = cwd;
  // lexically_normal keeps a trailing separator ("/a/b/"), whose parent_path is "/a/b" again.
  if (start.has_relative_path() && start.filename().empty()) start = start.parent_path();
  for (fs::path dir = start;; dir = dir.parent_path()) {
    if (fs::exists(dir / ".git", ec)) return dir;
    if (dir == dir.root_path() || dir.parent_path() == dir) break;
  }
  return start;
}

fs::path project_config_file(const fs::path& project_root) {
  return project_root / ".kosmo" / "config.yaml";
}

std::vector<fs::path> project_mcp_files(const fs::path& project_root) {
  return {project_root / ".vscode" / "mcp.json", project_root / ".cursor" / "mcp.json",
          project_root / ".mcp.json"};
}

}  // namespace kosmo::config
