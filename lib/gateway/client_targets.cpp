#include "lib/gateway/client_targets.h"

#include <optional>

#include "lib/config/paths.h"

namespace kosmo::gateway {
namespace fs = std::filesystem;
namespace {

struct ClientSpec {
  const char* name;
  const char* default_scope;
  ClientFormat format;
  bool typed_entry;
  // Paths relative to $HOME (user) and to the project root (project); null: no such scope.
  const char* user_file;
  const char* project_file;
};

constexpr ClientSpec kClients[] = {
    {"project", "project", ClientFormat::kJsonMcpServers, true, nullptr, ".mcp.json"},
    {"claude-code", "user", ClientFormat::kJsonMcpServers, true, ".claude.json", ".mcp.json"},
    {"cursor", "user", ClientFormat::kJsonMcpServers, false, ".cursor/mcp.json",
     ".cursor/mcp.json"},
    {"vscode", "project", ClientFormat::kJsonServers, true, "", ".vscode/mcp.json"},
    {"codex", "user", ClientFormat::kCodexToml, false, "", ".codex/config.toml"},
    {"gemini", "user", ClientFormat::kJsonMcpServers, false, ".gemini/settings.json",
     ".gemini/settings.json"},
};

std::optional<std::string> non_empty(const config::Environment& env, std::string_view name) {
  std::optional<std::string> value = env.get(name);
  if (value && value->empty()) return std::nullopt;
  return value;
}

// The user-scope file of `spec`; "" in user_file means a location that is not under $HOME alone.
Outcome<fs::path> user_file(const ClientSpec& spec, const config::Environment& env) {
  const std::string name = spec.name;
  if (name == "codex") {
    // Codex reads $CODEX_HOME/config.toml, ~/.codex by default.
    if (std::optional<std::string> codex_home = non_empty(env, "CODEX_HOME")) {
      return fs::path(*codex_home) / "config.toml";
    }
  }
  const std::optional<std::string> home = non_empty(env, "HOME");
  if (!home) {
    return Failure{ErrorCode::kConfig,
                   "HOME is not set, so the " + name + " user configuration cannot be found."};
  }
  if (name == "codex") return fs::path(*home) / ".codex" / "config.toml";
  if (name == "vscode") {
    // VS Code keeps the user's mcp.json in its profile directory.
#ifdef __APPLE__
    return fs::path(*home) / "Library" / "Application Support" / "Code" / "User" / "mcp.json";
#else
    if (std::optional<std::string> xdg = non_empty(env, "XDG_CONFIG_HOME")) {
      return fs::path(*xdg) / "Code" / "User" / "mcp.json";
    }
    return fs::path(*home) / ".config" / "Code" / "User" / "mcp.json";
#endif
  }
  return fs::path(*home) / spec.user_file;
}

std::string client_list() {
  std::string list;
  for (const std::string& name : client_names()) list += (list.empty() ? "" : ", ") + name;
  return list;
}

}  // namespace

const std::vector<std::string>& client_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all;
    for (const ClientSpec& spec : kClients) all.emplace_back(spec.name);
    return all;
  }();
  return names;
}

std::optional<ClientTarget> client_shape(std::string_view client) {
  for (const ClientSpec& spec : kClients) {
    if (client != spec.name) continue;
    ClientTarget target;
    target.client = spec.name;
    target.scope = spec.default_scope;
    target.format = spec.format;
    target.typed_entry = spec.typed_entry;
    return target;
  }
  return std::nullopt;
}

Outcome<ClientTarget> client_target(std::string_view client, std::string_view scope,
                                    const config::Environment& env, const fs::path& cwd) {
  const ClientSpec* spec = nullptr;
  for (const ClientSpec& candidate : kClients) {
    if (client == candidate.name) spec = &candidate;
  }
  std::optional<ClientTarget> shape = client_shape(client);
  if (spec == nullptr || !shape) {
    return Failure{ErrorCode::kUsage, "Unknown client '" + std::string(client) +
                                          "'. Known clients: " + client_list() + "."};
  }
  ClientTarget target = std::move(*shape);
  if (!scope.empty()) target.scope = scope;
  if (target.scope == "project") {
    target.file = config::project_root(cwd) / spec->project_file;
    target.kosmo_project_file = std::string_view(spec->project_file) == ".mcp.json";
    return target;
  }
  if (target.scope != "user") {
    return Failure{ErrorCode::kUsage,
                   "Unknown scope '" + target.scope + "'. Scopes: user, project."};
  }
  if (spec->user_file == nullptr) {
    return Failure{ErrorCode::kUsage,
                   "The " + target.client +
                       " client is the project's .mcp.json only; for Claude Code's user "
                       "configuration use --client claude-code."};
  }
  Outcome<fs::path> file = user_file(*spec, env);
  if (!file) return std::move(file).error();
  target.file = std::move(*file);
  return target;
}

}  // namespace kosmo::gateway
