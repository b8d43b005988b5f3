#include "lib/cli/cli_app.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <csignal>
#include <cstring>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "lib/cli/integrations_call_command.h"
#include "lib/cli/integrations_configure_command.h"
#include "lib/cli/integrations_docs_command.h"
#include "lib/cli/integrations_list_command.h"
#include "lib/cli/integrations_schema_command.h"
#include "lib/cli/integrations_status_command.h"
#include "lib/cli/logging.h"
#include "lib/cli/lua_command.h"
#include "lib/cli/mcp_add_command.h"
#include "lib/cli/mcp_call_command.h"
#include "lib/cli/mcp_enable_command.h"
#include "lib/cli/mcp_export_command.h"
#include "lib/cli/mcp_import_command.h"
#include "lib/cli/mcp_preset_command.h"
#include "lib/cli/mcp_secret_command.h"
#include "lib/cli/mcp_list_command.h"
#include "lib/cli/mcp_remove_command.h"
#include "lib/cli/mcp_tools_command.h"
#include "lib/cli/mcp_trust_command.h"
#include "lib/cli/run_report.h"
#include "lib/cli/stdout_writer.h"
#include "lib/common/error_codes.h"
#include "lib/common/suggest.h"

namespace kosmo::cli {
namespace {

constexpr const char kVersionText[] = "kosmo " KOSMO_VERSION;

// CLI11 does not accept ':' in subcommand names, so kosmo picks the command from argv[1]
// itself and gives each command its own CLI::App named "kosmo <command>".
struct Command {
  const char* name;
  const char* summary;
  // Registers the command's options on `app` and returns what runs it after parsing.
  std::function<std::function<int()>(CLI::App& app)> define;
};

std::function<int()> define_lua(CLI::App& app, LuaFlavor flavor) {
  auto options = std::make_shared<LuaCommandOptions>();
  add_lua_options(app, flavor, *options);
  return [options] { return run_lua_command(*options); };
}

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"integrations:lua", kIntegrationsLuaSummary,
       [](CLI::App& app) { return define_lua(app, LuaFlavor::kIntegrations); }},
      {"integrations:list", kIntegrationsListSummary, define_integrations_list},
      {"integrations:docs", kIntegrationsDocsSummary, define_integrations_docs},
      {"integrations:search", kIntegrationsSearchSummary, define_integrations_search},
      {"integrations:schema", kIntegrationsSchemaSummary, define_integrations_schema},
      {"integrations:call", kIntegrationsCallSummary, define_integrations_call},
      {"integrations:configure", kIntegrationsConfigureSummary, define_integrations_configure},
      {"integrations:status", kIntegrationsStatusSummary, define_integrations_status},
      {"mcp:lua", kMcpLuaSummary, [](CLI::App& app) { return define_lua(app, LuaFlavor::kMcp); }},
      {"mcp:list", kMcpListSummary, define_mcp_list},
      {"mcp:tools", kMcpToolsSummary, define_mcp_tools},
      {"mcp:call", kMcpCallSummary, define_mcp_call},
      {"mcp:add", kMcpAddSummary, define_mcp_add},
      {"mcp:remove", kMcpRemoveSummary, define_mcp_remove},
      {"mcp:trust", kMcpTrustSummary, define_mcp_trust},
      {"mcp:enable", kMcpEnableSummary, define_mcp_enable},
      {"mcp:disable", kMcpDisableSummary, define_mcp_disable},
      {"mcp:export", kMcpExportSummary, define_mcp_export},
      {"mcp:import", kMcpImportSummary, define_mcp_import},
      {"mcp:preset", kMcpPresetSummary, define_mcp_preset},
      {"mcp:secret:set", kMcpSecretSetSummary, define_mcp_secret_set},
      {"mcp:secret:unset", kMcpSecretUnsetSummary, define_mcp_secret_unset},
      {"mcp:secret:list", kMcpSecretListSummary, define_mcp_secret_list},
  };
  return table;
}

bool wants_json(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--json") == 0) return true;
  }
  return false;
}

int usage_error(const std::string& message, bool json) {
  if (json) {
    RunFlags flags;
    flags.json = true;
    return RunReport(flags).usage_error(message);
  }
  std::cerr << "Error: " << message << "\nRun 'kosmo --help' for usage.\n";
  return kExitUsage;
}

void print_overview() {
  std::cout << "kosmo: sandboxed Lua workflows against SaaS integrations and MCP servers\n\n"
               "Usage: kosmo <command> [options]   (kosmo <command> --help for details)\n\n"
               "Commands:\n";
  // The summary column starts after the longest name (integrations:configure), at least at 22.
  size_t width = 18;
  for (const Command& command : commands()) width = std::max(width, std::strlen(command.name));
  for (const Command& command : commands()) {
    std::cout << "  " << command.name << std::string(width + 2 - std::strlen(command.name), ' ')
              << command.summary << '\n';
  }
  std::cout << "\nOptions:\n  --version           Print the version\n"
               "  -h,--help           Print this help\n\n"
               "Examples:\n"
               "  kosmo integrations:lua --eval 'return json.encode({ok = true})' --json\n"
               "  kosmo integrations:lua workflow.lua --force --json\n"
               "  kosmo integrations:lua --eval 'print(docs.read(\"json\"))'\n"
               "  kosmo mcp:lua --eval 'return 1' --json\n\n"
            << exit_code_summary();
}

const Command* find_command(const std::string& name) {
  for (const Command& command : commands()) {
    if (name == command.name) return &command;
  }
  return nullptr;
}

std::string unknown_command_message(const std::string& name) {
  std::vector<std::string> names;
  for (const Command& command : commands()) names.emplace_back(command.name);
  std::string message = "Unknown command '" + name + "'.";
  const std::vector<std::string> near = nearest_names(name, names);
  if (!near.empty()) message += " Did you mean: " + near.front() + "?";
  return message;
}

int run_command(const Command& command, int argc, char** argv) {
  CLI::App app(command.summary, std::string("kosmo ") + command.name);
  app.set_version_flag("--version", kVersionText);
  int verbosity = 0;
  bool quiet = false;
  app.add_flag("-v,--verbose", verbosity, "More diagnostics on stderr (-vv for debug)");
  app.add_flag("--quiet", quiet, "Only errors on stderr");
  const std::function<int()> runner = command.define(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) return app.exit(error);  // --help, --version
    return usage_error(error.what(), wants_json(argc, argv));
  }
  configure_logging(verbosity, quiet);
  return runner();
}

int run_argv(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    print_overview();
    return kExitOk;
  }
  if (std::strcmp(argv[1], "--version") == 0) {
    std::cout << kVersionText << '\n';
    return kExitOk;
  }
  const Command* command = find_command(argv[1]);
  if (command == nullptr)
    return usage_error(unknown_command_message(argv[1]), wants_json(argc, argv));
  return run_command(*command, argc - 1, argv + 1);
}

}  // namespace

int run(int argc, char** argv) {
  // A stdout whose reader has gone must not kill kosmo mid-report: with SIGPIPE ignored the
  // write fails with EPIPE and the exit code says so (stdout_writer.h). MCP servers get the
  // default disposition back when they are spawned.
  std::signal(SIGPIPE, SIG_IGN);
  return exit_code_after_output(run_argv(argc, argv));
}

}  // namespace kosmo::cli
