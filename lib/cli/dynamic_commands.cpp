#include "lib/cli/dynamic_commands.h"

#include <algorithm>
#include <filesystem>
#include <string_view>

#include "lib/config/environment.h"
#include "lib/config/paths.h"
#include "lib/integrations/catalog.h"
#include "lib/mcp/config_loader.h"

namespace kosmo::cli {
namespace {

constexpr std::string_view kIntegrationsPrefix = "integrations:";
constexpr std::string_view kMcpPrefix = "mcp:";

std::vector<std::string> integration_names() {
  std::vector<std::string> names;
  try {
    const config::Environment& env = config::process_environment();
    const Outcome<integrations::Catalog> catalog =
        integrations::Catalog::load((config::kosmo_home(env) / "integrations").string());
    if (catalog) {
      for (const integrations::Manifest& manifest : catalog->integrations()) {
        names.push_back(manifest.name);
      }
    }
  } catch (const std::exception&) {  // no home directory: only real commands are known
  }
  return names;
}

// Config warnings are not logged here: the command routed to loads the servers again and logs
// them once.
std::vector<std::string> mcp_server_names() {
  std::vector<std::string> names;
  try {
    const mcp::LoadedServers loaded =
        mcp::load_servers(config::process_environment(), std::filesystem::current_path());
    for (const mcp::ServerConfig& server : loaded.servers) names.push_back(server.name);
  } catch (const std::exception&) {
  }
  return names;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// KosmoKrator's function argument is the first one after the command; an option there means
// none was given.
std::vector<std::string> routed(int argc, char** argv, const char* with_target,
                                const char* without_target, const std::string& name) {
  const bool has_target = argc > 2 && argv[2][0] != '-';
  std::vector<std::string> out;
  if (has_target) {
    out = {with_target, name + "." + argv[2]};
  } else {
    out = {without_target, name};
  }
  for (int i = has_target ? 3 : 2; i < argc; ++i) out.emplace_back(argv[i]);
  return out;
}

}  // namespace

std::optional<std::vector<std::string>> dynamic_command_argv(int argc, char** argv) {
  if (argc < 2) return std::nullopt;
  const std::string_view command = argv[1];
  if (command.substr(0, kIntegrationsPrefix.size()) == kIntegrationsPrefix) {
    const std::string name(command.substr(kIntegrationsPrefix.size()));
    if (!name.empty() && contains(integration_names(), name)) {
      return routed(argc, argv, "integrations:call", "integrations:docs", name);
    }
  } else if (command.substr(0, kMcpPrefix.size()) == kMcpPrefix) {
    const std::string name(command.substr(kMcpPrefix.size()));
    if (!name.empty() && contains(mcp_server_names(), name)) {
      return routed(argc, argv, "mcp:call", "mcp:tools", name);
    }
  }
  return std::nullopt;
}

std::vector<std::string> dynamic_command_names() {
  std::vector<std::string> names;
  for (const std::string& name : integration_names()) names.push_back("integrations:" + name);
  for (const std::string& name : mcp_server_names()) names.push_back("mcp:" + name);
  return names;
}

}  // namespace kosmo::cli
