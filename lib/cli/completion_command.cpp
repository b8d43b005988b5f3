#include "lib/cli/completion_command.h"

#include <memory>
#include <string>
#include <vector>

#include "lib/cli/command_facts.h"
#include "lib/cli/command_output.h"
#include "lib/cli/completion_scripts.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"
#include "lib/common/suggest.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(Commands and their options come from kosmo itself, function names from the integration
catalog (with $KOSMO_HOME/integrations), server names from the MCP configuration of the current
directory (leave them out with --no-servers). Generate the script again after adding servers.

Examples:
  source <(kosmo completion bash)                     # in ~/.bashrc
  kosmo completion zsh > "${fpath[1]}/_kosmo"         # then restart zsh
  kosmo completion fish > ~/.config/fish/completions/kosmo.fish
  kosmo completion bash --no-servers > /usr/share/bash-completion/completions/kosmo

JSON (--json):
  {"success": true, "error": null, "error_code": null, "shell": "bash", "script": "..."}
  An unknown shell: error_code "usage" (exit 2).
)";

struct CompletionOptions {
  std::string shell;
  bool no_servers = false;
  bool json = false;
};

std::string unknown_shell_message(const std::string& shell) {
  std::vector<std::string> names;
  for (const ShellScript& entry : shell_scripts()) names.emplace_back(entry.name);
  std::string message = "Unknown shell '" + shell + "'. Choose bash, zsh or fish.";
  const std::vector<std::string> near = nearest_names(shell, names, 1);
  if (!near.empty()) message += " Did you mean " + near.front() + "?";
  return message;
}

int run_completion(const CompletionOptions& options) {
  CommandOutput out(options.json);
  for (const ShellScript& shell : shell_scripts()) {
    if (options.shell != shell.name) continue;
    const std::string script =
        shell.write(describe_commands(), gather_completion_words(!options.no_servers));
    out.payload().AddMember("shell", out.string(shell.name), out.allocator());
    out.payload().AddMember("script", out.string(script), out.allocator());
    return out.succeed(script);
  }
  return out.fail(unknown_shell_message(options.shell), ErrorCode::kUsage);
}

}  // namespace

std::function<int()> define_completion(CLI::App& app) {
  auto options = std::make_shared<CompletionOptions>();
  app.add_option("shell", options->shell, "bash, zsh or fish")->required();
  app.add_flag("--no-servers", options->no_servers,
               "Leave out MCP server names (for a script shared with other machines)");
  add_json_flag(app, options->json);
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [options] { return run_completion(*options); };
}

}  // namespace kosmo::cli
