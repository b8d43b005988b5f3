#include "lib/gateway/upstream_selection.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>

#include "lib/gateway/tool_names.h"

namespace kosmo::gateway {
namespace {

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Whether `word` occurs in `text` between word boundaries (PCRE's \b).
bool has_word(std::string_view text, std::string_view word) {
  for (size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    const bool start = at == 0 || !is_word_char(text[at - 1]);
    const size_t end = at + word.size();
    if (start && (end == text.size() || !is_word_char(text[end]))) return true;
  }
  return false;
}

}  // namespace

bool is_self_server(const mcp::ServerConfig& server) {
  if (mcp::transport_name(server) != "stdio") return false;
  std::string args;
  for (const std::string& arg : server.args) {
    if (!args.empty()) args += ' ';
    args += arg;
  }
  const std::string invocation =
      std::filesystem::path(server.command).filename().string() + " " + args;
  return (has_word(invocation, "kosmo") || has_word(invocation, "kosmokrator")) &&
         args.find("mcp:serve") != std::string::npos;
}

std::vector<const mcp::ServerConfig*> selected_servers(const mcp::LoadedServers& servers,
                                                       const std::vector<std::string>& selection) {
  std::vector<const mcp::ServerConfig*> chosen;
  for (const mcp::ServerConfig& server : servers.servers) {
    const std::string id = identifier(server.name);
    const bool wanted = std::any_of(selection.begin(), selection.end(), [&](const std::string& name) {
      return name == server.name || identifier(name) == id;
    });
    if (!wanted) continue;
    if (is_self_server(server)) {
      spdlog::warn("MCP server '{}' runs kosmo's own mcp:serve; not proxied", server.name);
      continue;
    }
    chosen.push_back(&server);
  }
  for (const std::string& name : selection) {
    const bool known = std::any_of(servers.servers.begin(), servers.servers.end(),
                                   [&](const mcp::ServerConfig& server) {
                                     return name == server.name ||
                                            identifier(name) == identifier(server.name);
                                   });
    if (!known) spdlog::warn("No MCP server named '{}' is configured; not proxied", name);
  }
  return chosen;
}

const mcp::ServerConfig* server_for_space(const std::vector<const mcp::ServerConfig*>& servers,
                                          std::string_view space) {
  for (const mcp::ServerConfig* server : servers) {
    if (server->name == space) return server;
  }
  for (const mcp::ServerConfig* server : servers) {
    if (identifier(server->name) == space) return server;
  }
  return nullptr;
}

}  // namespace kosmo::gateway
