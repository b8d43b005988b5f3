#include "lib/mcp/config_loader.h"

#include <rapidjson/document.h>
#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "lib/common/json_parse.h"
#include "lib/config/config_error.h"
#include "lib/config/config_text.h"
#include "lib/config/paths.h"

namespace kosmo::mcp {
namespace fs = std::filesystem;
namespace {

std::string position_of(std::string_view text, size_t offset) {
  int line = 1;
  int column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// The server map of a parsed file (its key in `schema`), or nullptr with a warning when the
// file has none.
const rapidjson::Value* server_map(const rapidjson::Document& document, const fs::path& file,
                                   std::string& schema, std::vector<std::string>& warnings) {
  const std::string where = "MCP config " + file.string();
  if (!document.IsObject()) {
    warnings.push_back("Ignoring " + where + ": the top level must be a JSON object.");
    return nullptr;
  }
  for (const char* key : {"mcpServers", "servers"}) {
    auto it = document.FindMember(key);
    if (it == document.MemberEnd()) continue;
    if (!it->value.IsObject()) {
      warnings.push_back("Ignoring " + where + ": \"" + key + "\" must be an object.");
      return nullptr;
    }
    if (std::string_view(key) == "mcpServers" && document.HasMember("servers")) {
      warnings.push_back("In " + where + ", \"servers\" is ignored: \"mcpServers\" is used.");
    }
    schema = key;
    return &it->value;
  }
  if (document.MemberCount() > 0) {
    warnings.push_back("Ignoring " + where + ": it has no \"mcpServers\" or \"servers\" object.");
  }
  return nullptr;
}

void merge_file(const ConfigSource& source, const std::string& text,
                std::map<std::string, ServerConfig>& merged, std::vector<std::string>& warnings) {
  // parse_json: a repository's .mcp.json is read before anything in it is trusted, so its
  // nesting must not be able to overflow the stack; JSONC, as VS Code and Cursor write it.
  rapidjson::Document document;
  const rapidjson::ParseResult parsed = parse_json(text, document, JsonDialect::kJsonc);
  if (parsed.IsError()) {
    warnings.push_back("Ignoring MCP config " + source.file.string() + ": invalid JSON at " +
                       position_of(text, parsed.Offset()) + ": " + describe_json_error(parsed));
    return;
  }
  std::string schema;
  const rapidjson::Value* servers = server_map(document, source.file, schema, warnings);
  if (servers == nullptr) return;
  for (const auto& member : servers->GetObject()) {
    std::string name(member.name.GetString(), member.name.GetStringLength());
    Outcome<ServerConfig, std::string> config = parse_server_entry(name, member.value);
    if (!config) {
      warnings.push_back("Ignoring MCP server '" + name + "' in " + source.file.string() + ": " +
                         config.error() + ".");
      continue;
    }
    config->source_file = source.file;
    config->source_label = source.label;
    config->source_schema = schema;
    config->from_project = source.project;
    config->base_dir = source.base_dir;
    merged[name] = std::move(*config);
  }
}

void warn_about_collisions(const std::vector<ServerConfig>& servers,
                           std::vector<std::string>& warnings) {
  std::map<std::string, std::string> first_by_lua_name;
  for (const ServerConfig& server : servers) {
    std::string lua_name = sanitize_name(server.name);
    auto [it, inserted] = first_by_lua_name.emplace(lua_name, server.name);
    if (inserted) continue;
    warnings.push_back("MCP servers '" + it->second + "' and '" + server.name +
                       "' share the Lua name '" + lua_name +
                       "'; address them by their names in brackets (app.mcp[\"" + server.name +
                       "\"]).");
  }
}

}  // namespace

std::vector<ConfigSource> default_sources(const config::Environment& env, const fs::path& cwd) {
  std::vector<ConfigSource> sources;
  if (auto home = env.get("HOME"); home && !home->empty()) {
    fs::path legacy = fs::path(*home) / ".kosmokrator" / "mcp.json";
    sources.push_back({legacy, "global-legacy", false, legacy.parent_path()});
  }
  try {
    fs::path user = config::user_mcp_file(env);
    sources.push_back({user, "global", false, user.parent_path()});
  } catch (const config::ConfigError&) {
    // No home directory at all: there is no user file to read.
  }
  fs::path root = config::project_root(cwd);
  const char* labels[] = {"project-vscode", "project-cursor", "project"};
  std::vector<fs::path> project_files = config::project_mcp_files(root);
  for (size_t i = 0; i < project_files.size() && i < std::size(labels); ++i) {
    sources.push_back({project_files[i], labels[i], true, root});
  }
  // The same file twice would be harmless for values but would mislabel its entries. An
  // existing file is known by its inode (one stat, where weakly_canonical cost a stat per path
  // component and a quarter of this function at every start-up); a missing one adds nothing
  // to the servers, so its lexical path is enough.
  std::set<std::pair<dev_t, ino_t>> seen_files;
  std::set<fs::path> seen_missing;
  std::erase_if(sources, [&](const ConfigSource& source) {
    struct stat info {};
    if (::stat(source.file.c_str(), &info) == 0) {
      return !seen_files.insert({info.st_dev, info.st_ino}).second;
    }
    return !seen_missing.insert(source.file.lexically_normal()).second;
  });
  return sources;
}

const ServerConfig* LoadedServers::find(std::string_view name) const {
  for (const ServerConfig& server : servers) {
    if (server.name == name) return &server;
  }
  const ServerConfig* match = nullptr;
  for (const ServerConfig& server : servers) {
    if (sanitize_name(server.name) != name) continue;
    if (match != nullptr) return nullptr;  // ambiguous: only the bracketed raw name works
    match = &server;
  }
  return match;
}

LoadedServers load_servers(const std::vector<ConfigSource>& sources) {
  LoadedServers loaded;
  std::map<std::string, ServerConfig> merged;
  for (const ConfigSource& source : sources) {
    config::ConfigText read = config::read_config_text(source.file);
    switch (read.status) {
      case config::ConfigText::Status::kMissing:
        break;
      case config::ConfigText::Status::kFailed:
        loaded.warnings.push_back("Cannot read MCP config " + source.file.string() + ": " +
                                  read.problem + ".");
        break;
      case config::ConfigText::Status::kOk:
        merge_file(source, read.text, merged, loaded.warnings);
        break;
    }
  }
  for (auto& [name, config] : merged) loaded.servers.push_back(std::move(config));
  warn_about_collisions(loaded.servers, loaded.warnings);
  return loaded;
}

LoadedServers load_servers(const config::Environment& env, const fs::path& cwd) {
  return load_servers(default_sources(env, cwd));
}

}  // namespace kosmo::mcp
