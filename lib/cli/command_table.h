#pragma once
// The table of kosmo's commands (defined in cli_app.cpp), shared by the dispatcher, the shell
// completions and the man page, so a command added to the table appears in all three.
#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace kosmo::cli {

// CLI11 does not accept ':' in subcommand names, so kosmo picks the command from argv[1]
// itself and gives each command its own CLI::App named "kosmo <command>".
struct Command {
  const char* name;
  const char* summary;
  // Registers the command's options on `app` and returns what runs it after parsing. The app is
  // destroyed before that runs, so the runner keeps what it needs (App::callback) in its options.
  std::function<std::function<int()>(CLI::App& app)> define;
  // Reports a command line CLI11 cannot parse under --json in the command's JSON shape; null:
  // the companion commands' {success, error, error_code}.
  int (*json_parse_error)(const std::string& message) = nullptr;
  // Tools for the build (the man page writer): not listed in --help, completions or the man page.
  bool hidden = false;
};

const std::vector<Command>& commands();

// The CLI::App of `command` with the options every command shares (--version, -v, --quiet) and
// its own, registered by `define`; `runner` (when given) receives what runs it.
std::unique_ptr<CLI::App> make_command_app(const Command& command,
                                           std::function<int()>* runner = nullptr);

}  // namespace kosmo::cli
