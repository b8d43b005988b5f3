#include "lib/cli/cli_app.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <csignal>
#include <cstring>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/cli/command_output.h"
#include "lib/cli/command_table.h"
#include "lib/cli/completion_command.h"
#include "lib/cli/dynamic_commands.h"
#include "lib/cli/integrations_call_command.h"
#include "lib/cli/integrations_configure_command.h"
#include "lib/cli/integrations_docs_command.h"
#include "lib/cli/integrations_doctor_command.h"
#include "lib/cli/integrations_examples_command.h"
#include "lib/cli/integrations_fields_command.h"
#include "lib/cli/integrations_list_command.h"
#include "lib/cli/integrations_schema_command.h"
#include "lib/cli/integrations_status_command.h"
#include "lib/cli/logging.h"
#include "lib/cli/lua_command.h"
#include "lib/cli/man_command.h"
#include "lib/cli/mcp_add_command.h"
#include "lib/cli/mcp_call_command.h"
#include "lib/cli/mcp_doctor_command.h"
#include "lib/cli/mcp_enable_command.h"
#include "lib/cli/mcp_examples_command.h"
#include "lib/cli/mcp_export_command.h"
#include "lib/cli/mcp_gateway_export_command.h"
#include "lib/cli/mcp_gateway_install_command.h"
#include "lib/cli/mcp_import_command.h"
#include "lib/cli/mcp_list_command.h"
#include "lib/cli/mcp_login_command.h"
#include "lib/cli/mcp_preset_command.h"
#include "lib/cli/mcp_prompts_command.h"
#include "lib/cli/mcp_remove_command.h"
#include "lib/cli/mcp_resources_command.h"
#include "lib/cli/mcp_schema_command.h"
#include "lib/cli/mcp_secret_command.h"
#include "lib/cli/mcp_serve_command.h"
#include "lib/cli/mcp_status_command.h"
#include "lib/cli/mcp_tools_command.h"
#include "lib/cli/mcp_trust_command.h"
#include "lib/cli/parse_error_message.h"
#include "lib/cli/run_report.h"
#include "lib/cli/stdout_writer.h"
#include "lib/cli/version.h"
#include "lib/common/error_codes.h"
#include "lib/common/suggest.h"

namespace kosmo::cli {
namespace {

std::function<int()> define_lua(CLI::App& app, LuaFlavor flavor) {
  auto options = std::make_shared<LuaCommandOptions>();
  add_lua_options(app, flavor, *options);
  return [options] { return run_lua_command(*options); };
}

// Under --json, a command line CLI11 cannot parse is reported in the command's own JSON shape:
// the run envelope for the Lua runners, {success, error, error_code} for the others.
int run_envelope_parse_error(const std::string& message) {
  RunFlags flags;
  flags.json = true;
  return RunReport(flags).usage_error(message);
}

int command_output_parse_error(const std::string& message) {
  CommandOutput out(true);
  return out.fail(message, ErrorCode::kUsage);
}

}  // namespace

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"integrations:lua", kIntegrationsLuaSummary,
       [](CLI::App& app) { return define_lua(app, LuaFlavor::kIntegrations); },
       run_envelope_parse_error},
      {"integrations:list", kIntegrationsListSummary, define_integrations_list},
      {"integrations:docs", kIntegrationsDocsSummary, define_integrations_docs},
      {"integrations:search", kIntegrationsSearchSummary, define_integrations_search},
      {"integrations:schema", kIntegrationsSchemaSummary, define_integrations_schema},
      {"integrations:call", kIntegrationsCallSummary, define_integrations_call,
       integrations_call_parse_error},
      {"integrations:configure", kIntegrationsConfigureSummary, define_integrations_configure},
      {"integrations:status", kIntegrationsStatusSummary, define_integrations_status},
      {"integrations:examples", kIntegrationsExamplesSummary, define_integrations_examples},
      {"integrations:fields", kIntegrationsFieldsSummary, define_integrations_fields},
      {"integrations:doctor", kIntegrationsDoctorSummary, define_integrations_doctor},
      {"mcp:lua", kMcpLuaSummary, [](CLI::App& app) { return define_lua(app, LuaFlavor::kMcp); },
       run_envelope_parse_error},
      {"mcp:list", kMcpListSummary, define_mcp_list},
      {"mcp:tools", kMcpToolsSummary, define_mcp_tools},
      {"mcp:schema", kMcpSchemaSummary, define_mcp_schema},
      {"mcp:examples", kMcpExamplesSummary, define_mcp_examples},
      {"mcp:call", kMcpCallSummary, define_mcp_call, mcp_call_parse_error},
      {"mcp:serve", kMcpServeSummary, define_mcp_serve},
      {"mcp:add", kMcpAddSummary, define_mcp_add},
      {"mcp:remove", kMcpRemoveSummary, define_mcp_remove},
      {"mcp:trust", kMcpTrustSummary, define_mcp_trust},
      {"mcp:login", kMcpLoginSummary, define_mcp_login},
      {"mcp:logout", kMcpLogoutSummary, define_mcp_logout},
      {"mcp:status", kMcpStatusSummary, define_mcp_status},
      {"mcp:doctor", kMcpDoctorSummary, define_mcp_doctor},
      {"mcp:resources", kMcpResourcesSummary, define_mcp_resources},
      {"mcp:resource", kMcpResourceSummary, define_mcp_resource},
      {"mcp:prompts", kMcpPromptsSummary, define_mcp_prompts},
      {"mcp:prompt", kMcpPromptSummary, define_mcp_prompt},
      {"mcp:enable", kMcpEnableSummary, define_mcp_enable},
      {"mcp:disable", kMcpDisableSummary, define_mcp_disable},
      {"mcp:export", kMcpExportSummary, define_mcp_export},
      {"mcp:import", kMcpImportSummary, define_mcp_import},
      {"mcp:preset", kMcpPresetSummary, define_mcp_preset},
      {"mcp:gateway:install", kMcpGatewayInstallSummary, define_mcp_gateway_install},
      {"mcp:gateway:export", kMcpGatewayExportSummary, define_mcp_gateway_export},
      {"mcp:secret:set", kMcpSecretSetSummary, define_mcp_secret_set},
      {"mcp:secret:unset", kMcpSecretUnsetSummary, define_mcp_secret_unset},
      {"mcp:secret:list", kMcpSecretListSummary, define_mcp_secret_list},
      {"completion", kCompletionSummary, define_completion},
      {"__man", kManSummary, define_man, nullptr, true},
  };
  return table;
}

std::unique_ptr<CLI::App> make_command_app(const Command& command, std::function<int()>* runner) {
  auto app = std::make_unique<CLI::App>(command.summary, std::string("kosmo ") + command.name);
  app->set_version_flag("--version", version_text());
  app->add_flag("-v,--verbose")
      ->description(
          "More diagnostics on stderr: a line per HTTP call and retry (-vv: also "
          "headers, the first KiB of bodies, MCP messages; all redacted)");
  app->add_flag("--quiet")->description("Only errors on stderr");
  app->add_option("--log-format")
      ->description(
          "How stderr diagnostics are written: text (default) or json, one JSON "
          "object per line for log shippers")
      ->check(CLI::Validator(
          [](std::string& name) -> std::string {
            LogFormat format;
            return parse_log_format(name, format) ? "" : "must be text or json, not '" + name + "'";
          },
          "text|json", "log format"))
      ->option_text("text|json");
  std::function<int()> run = command.define(*app);
  if (runner != nullptr) *runner = std::move(run);
  return app;
}

namespace {

bool wants_json(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--json") == 0) return true;
  }
  return false;
}

// --log-format as written on a command line that did not parse, so that its error can still be
// the JSON record a log shipper expects; text when absent or unreadable.
LogFormat requested_log_format(int argc, char** argv) {
  LogFormat format = LogFormat::kText;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    constexpr std::string_view kFlag = "--log-format";
    if (arg == kFlag && i + 1 < argc) {
      parse_log_format(argv[i + 1], format);
    } else if (arg.size() > kFlag.size() && arg.substr(0, kFlag.size() + 1) == "--log-format=") {
      parse_log_format(std::string(arg.substr(kFlag.size() + 1)), format);
    }
  }
  return format;
}

// `help` is the command whose --help explains the usage ("kosmo mcp:call"), or "kosmo".
int usage_error(const std::string& message, bool json, LogFormat log_format,
                const std::string& help = "kosmo") {
  if (json) {
    RunFlags flags;
    flags.json = true;
    return RunReport(flags).usage_error(message);
  }
  const std::string hint = "Run '" + help + " --help' for usage.";
  if (log_format == LogFormat::kJson) {
    configure_logging(0, false, LogFormat::kJson);
    const bool ends_sentence = !message.empty() && (message.back() == '.' || message.back() == '?');
    std::cerr << error_line_for_stderr(message + (ends_sentence ? " " : ". ") + hint);
  } else {
    std::cerr << "Error: " << message << '\n' << hint << '\n';
  }
  return kExitUsage;
}

// Through write_stdout, which keeps the reason a write failed (the overview is longer than
// std::cout's buffer, whose failure would lose it by the final flush).
void print_overview() {
  std::ostringstream text;
  text << "kosmo: sandboxed Lua workflows against SaaS integrations and MCP servers\n\n"
               "Usage: kosmo <command> [options]   (kosmo <command> --help for details)\n\n"
               "Commands:\n";
  // The summary column starts after the longest name (integrations:configure), at least at 22.
  size_t width = 18;
  for (const Command& command : commands()) width = std::max(width, std::strlen(command.name));
  for (const Command& command : commands()) {
    if (command.hidden) continue;
    text << "  " << command.name << std::string(width + 2 - std::strlen(command.name), ' ')
              << command.summary << '\n';
  }
  // KosmoKrator's per-provider and per-server commands (dynamic_commands.h).
  text << "\nFor each integration and configured MCP server:\n"
               "  integrations:<provider> FUNCTION [args]  Same as integrations:call "
               "PROVIDER.FUNCTION (alone: its docs)\n"
               "  mcp:<server> TOOL [args]                 Same as mcp:call SERVER.TOOL "
               "(alone: its tools)\n";
  text << "\nOptions:\n  --version           Print the version\n"
               "  -h,--help           Print this help\n\n"
               "Examples:\n"
               "  kosmo integrations:lua --eval 'return json.encode({ok = true})' --json\n"
               "  kosmo integrations:lua workflow.lua --force --json\n"
               "  kosmo integrations:lua --eval 'print(docs.read(\"json\"))'\n"
               "  kosmo mcp:lua --eval 'return 1' --json\n\n"
            << exit_code_summary();
  write_stdout(text.str());
}

const Command* find_command(const std::string& name) {
  for (const Command& command : commands()) {
    if (name == command.name) return &command;
  }
  return nullptr;
}

std::string unknown_command_message(const std::string& name) {
  // An option where the command belongs: --help and --version are the only top-level ones.
  if (name.size() > 1 && name[0] == '-') {
    const std::vector<std::string> near = nearest_names(name, {"--help", "--version"}, 1);
    if (!near.empty() && name.size() > 2) {
      return "Unknown option " + name + ". Did you mean " + near.front() + "?";
    }
    return "Give the command first, then its options: kosmo <command> " + name + ".";
  }
  std::vector<std::string> names;
  for (const Command& command : commands()) {
    if (!command.hidden) names.emplace_back(command.name);
  }
  for (std::string& name : dynamic_command_names()) names.push_back(std::move(name));
  std::string message = "Unknown command '" + name + "'.";
  const std::vector<std::string> near = nearest_names(name, names);
  if (!near.empty()) message += " Did you mean: " + near.front() + "?";
  return message;
}

int run_command(const Command& command, int argc, char** argv) {
  std::function<int()> runner;
  std::unique_ptr<CLI::App> app = make_command_app(command, &runner);
  try {
    app->parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) {  // --help, --version
      // Through write_stdout, which keeps the reason a write failed: a help text longer than
      // std::cout's buffer failed inside CLI11, and the reason was lost by the final flush.
      std::ostringstream text;
      const int code = app->exit(error, text, std::cerr);
      write_stdout(text.str());
      return code;
    }
    const bool json = wants_json(argc, argv);
    const std::string message =
        parse_error_message(*app, error, std::vector<std::string>(argv + 1, argv + argc));
    if (!json)
      return usage_error(message, false, requested_log_format(argc, argv), app->get_name());
    if (command.json_parse_error != nullptr) return command.json_parse_error(message);
    return command_output_parse_error(message);
  }
  LogFormat format = LogFormat::kText;
  if (app->count("--log-format") > 0) {
    parse_log_format(app->get_option("--log-format")->as<std::string>(), format);
  }
  configure_logging(static_cast<int>(app->count("--verbose")), app->count("--quiet") > 0, format);
  // Gone before the command runs: its ~600 small blocks (40 KB) are then reused by the run's own
  // allocations instead of new heap pages (4-6 fewer page faults at every start).
  app.reset();
  return runner();
}

// KosmoKrator's integrations:<provider> and mcp:<server> forms (dynamic_commands.h); any other
// name is an unknown command.
int run_dynamic_command(int argc, char** argv) {
  std::optional<std::vector<std::string>> routed = dynamic_command_argv(argc, argv);
  const Command* command = routed ? find_command(routed->front()) : nullptr;
  if (command == nullptr) {
    return usage_error(unknown_command_message(argv[1]), wants_json(argc, argv),
                       requested_log_format(argc, argv));
  }
  std::vector<char*> args;
  for (std::string& arg : *routed) args.push_back(arg.data());
  return run_command(*command, static_cast<int>(args.size()), args.data());
}

int run_argv(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    print_overview();
    return kExitOk;
  }
  if (std::strcmp(argv[1], "--version") == 0) {
    std::cout << version_text() << '\n';
    return kExitOk;
  }
  const Command* command = find_command(argv[1]);
  if (command == nullptr) return run_dynamic_command(argc, argv);
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
