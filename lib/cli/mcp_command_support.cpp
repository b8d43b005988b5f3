#include "lib/cli/mcp_command_support.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <vector>

#include "lib/common/suggest.h"
#include "lib/config/environment.h"
#include "lib/mcp/mcp_outcome.h"

namespace kosmo::cli {
namespace {

std::string shell_quoted(const std::string& word) {
  if (!word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                              "0123456789@%_+=:,./-") == std::string::npos) {
    return word;
  }
  std::string quoted = "'";
  for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace

mcp::LoadedServers load_configured_servers() {
  mcp::LoadedServers loaded =
      mcp::load_servers(config::process_environment(), std::filesystem::current_path());
  for (const std::string& warning : loaded.warnings) spdlog::warn("{}", warning);
  return loaded;
}

const char* trust_text(mcp::Trust trust) {
  switch (trust) {
    case mcp::Trust::kNotRequired:
      return "not required";
    case mcp::Trust::kTrusted:
      return "trusted";
    case mcp::Trust::kUntrusted:
      return "untrusted";
    case mcp::Trust::kChanged:
      return "changed";
  }
  return "untrusted";
}

std::string transport_text(const mcp::ServerConfig& server) {
  switch (server.transport) {
    case mcp::TransportType::kStdio:
      return "stdio";
    case mcp::TransportType::kHttp:
      return "http";
    case mcp::TransportType::kUnsupported:
      break;
  }
  return server.type;
}

std::string launch_text(const mcp::ServerConfig& server) {
  if (server.transport != mcp::TransportType::kStdio) return server.url;
  std::string text = shell_quoted(server.command);
  for (const std::string& arg : server.args) {
    text += ' ';
    text += shell_quoted(arg);
  }
  return text;
}

std::string unknown_server_message(std::string_view name, const mcp::LoadedServers& servers) {
  std::string message = "Unknown MCP server '" + std::string(name) + "'.";
  if (servers.servers.empty()) {
    return message + " No MCP servers are configured (add one with kosmo mcp:add).";
  }
  std::vector<std::string> names;
  for (const mcp::ServerConfig& server : servers.servers) names.push_back(server.name);
  const std::vector<std::string> near = nearest_names(name, names);
  if (!near.empty()) {
    for (size_t i = 0; i < near.size(); ++i)
      message += (i == 0 ? " Did you mean: " : ", ") + near[i];
    return message + "?";
  }
  message += " Configured:";
  for (size_t i = 0; i < names.size(); ++i) message += (i == 0 ? " " : ", ") + names[i];
  return message + ".";
}

ErrorCode error_code_of(const mcp::McpError& error) {
  return mcp::failed(lua::CallOutcome{}, error).error_code;
}

}  // namespace kosmo::cli
