#include "lib/cli/mcp_command_support.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <vector>

#include "lib/config/environment.h"

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

rapidjson::Value config_sources_json(rapidjson::Document::AllocatorType& allocator) {
  rapidjson::Value list(rapidjson::kArrayType);
  const config::Environment& env = config::process_environment();
  for (const mcp::ConfigSource& source :
       mcp::default_sources(env, std::filesystem::current_path())) {
    // Warnings were logged once by load_configured_servers; a file is read again by itself
    // to know which of its entries it defines.
    const mcp::LoadedServers own = mcp::load_servers({source});
    if (own.servers.empty()) continue;
    auto text = [&allocator](const std::string& value) {
      return rapidjson::Value(value.c_str(), static_cast<rapidjson::SizeType>(value.size()),
                              allocator);
    };
    rapidjson::Value names(rapidjson::kArrayType);
    for (const mcp::ServerConfig& server : own.servers) names.PushBack(text(server.name), allocator);
    rapidjson::Value item(rapidjson::kObjectType);
    item.AddMember("source", text(source.label), allocator);
    item.AddMember("path", text(source.file.string()), allocator);
    item.AddMember("schema", text(own.servers.front().source_schema), allocator);
    item.AddMember("servers", names, allocator);
    list.PushBack(item, allocator);
  }
  return list;
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

std::string launch_text(const mcp::ServerConfig& server) {
  if (server.transport == nullptr || !server.transport->starts_process) return server.url;
  std::string text = shell_quoted(server.command);
  for (const std::string& arg : server.args) {
    text += ' ';
    text += shell_quoted(arg);
  }
  return text;
}

}  // namespace kosmo::cli
