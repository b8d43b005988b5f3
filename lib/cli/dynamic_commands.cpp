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

// Where the function (or tool) stands: the first word that is neither an option nor the value
// of one of the call commands' own options, as KosmoKrator's parser finds it; argc if none.
int target_index(int argc, char** argv) {
  for (int i = 2; i < argc; ++i) {
    const std::string_view word = argv[i];
    if (word == "--account" || word == "--record" || word == "--replay" ||
        word == "--log-format") {
      ++i;  // its value
    } else if (word.empty() || word[0] != '-') {
      return i;
    } else if (word.substr(0, 2) == "--" && word.find('=') == std::string_view::npos &&
               word != "--json" && word != "--force" && word != "--dry-run" &&
               word != "--deterministic" && word != "--verbose" && word != "--quiet") {
      return argc;  // a parameter flag, whose value could be mistaken for the function
    }
  }
  return argc;
}

std::vector<std::string> routed(int argc, char** argv, const char* with_target,
                                const char* without_target, const std::string& name) {
  const int target = target_index(argc, argv);
  std::vector<std::string> out;
  if (target < argc) {
    out = {with_target, name + "." + argv[target]};
  } else {
    out = {without_target, name};
  }
  for (int i = 2; i < argc; ++i) {
    if (i != target) out.emplace_back(argv[i]);
  }
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
