#include "lib/cli/completion_words.h"

#include <spdlog/spdlog.h>

#include "lib/cli/command_context.h"
#include "lib/cli/completion_scripts.h"
#include "lib/cli/mcp_command_support.h"

namespace kosmo::cli {
namespace {

enum class WordKind { kFunctions, kIntegrations, kPages, kServers, kServerTools, kShells };

// Commands whose first argument names something kosmo knows. Commands not listed (the Lua
// runners, mcp:add's new name) complete file names.
struct FirstArgument {
  std::string_view command;
  WordKind kind;
};
constexpr FirstArgument kFirstArguments[] = {
    {"integrations:call", WordKind::kFunctions},
    {"integrations:schema", WordKind::kFunctions},
    {"integrations:docs", WordKind::kPages},
    {"integrations:configure", WordKind::kIntegrations},
    {"integrations:status", WordKind::kIntegrations},
    {"mcp:tools", WordKind::kServers},
    {"mcp:remove", WordKind::kServers},
    {"mcp:trust", WordKind::kServers},
    {"mcp:login", WordKind::kServers},
    {"mcp:logout", WordKind::kServers},
    {"mcp:call", WordKind::kServerTools},
    {"completion", WordKind::kShells},
};

std::vector<std::string> words_of(WordKind kind, const CompletionWords& words) {
  std::vector<std::string> list;
  switch (kind) {
    case WordKind::kFunctions:
      return words.functions;
    case WordKind::kIntegrations:
      return words.integrations;
    case WordKind::kPages:
      list = words.integrations;
      list.insert(list.end(), words.functions.begin(), words.functions.end());
      return list;
    case WordKind::kServers:
      return words.servers;
    case WordKind::kServerTools:
      // Tools are known only once a server runs; "server." is as far as a script can go.
      for (const std::string& server : words.servers) list.push_back(server + ".");
      return list;
    case WordKind::kShells:
      for (const ShellScript& shell : shell_scripts()) list.emplace_back(shell.name);
      return list;
  }
  return list;
}

}  // namespace

CompletionWords gather_completion_words(bool with_servers) {
  CompletionWords words;
  CommandContext context;
  if (auto failure = context.unusable(true)) {
    spdlog::warn("Completing without integration names: {}", failure->message);
  } else {
    const integrations::Catalog& catalog = *context.catalog();
    for (const integrations::Manifest& manifest : catalog.integrations()) {
      words.integrations.push_back(manifest.name);
    }
    words.functions = catalog.qualified_names();
  }
  if (!with_servers || context.config_failure()) return words;
  for (const mcp::ServerConfig& server : load_configured_servers().servers) {
    words.servers.push_back(server.name);
  }
  return words;
}

std::vector<std::string> first_argument_words(std::string_view command,
                                              const CompletionWords& words) {
  for (const FirstArgument& entry : kFirstArguments) {
    if (entry.command == command) return words_of(entry.kind, words);
  }
  return {};
}

}  // namespace kosmo::cli
