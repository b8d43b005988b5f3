#pragma once
// What the command table says about each visible command, read from the CLI::App each command
// builds: its options (names, whether they take a value, help) and positional arguments. The
// shell completions and the man page are written from these facts, so an option a command adds
// reaches both without being listed anywhere else.
#include <string>
#include <vector>

namespace kosmo::cli {

struct OptionFacts {
  std::vector<std::string> names;  // "-e", "--eval" (short names first)
  bool takes_value = false;        // --eval CODE, not --json
  std::string value_name;          // "TEXT", "FLOAT", "seconds" (CLI11's type name)
  std::string help;
  // Added to every command by make_command_app (--help, --version, -v, --quiet), not by the
  // command itself: the man page lists these once.
  bool shared = false;
};

struct PositionalFacts {
  std::string name;  // "function"
  std::string help;
  bool required = false;
  bool repeats = false;  // takes every remaining argument
};

struct CommandFacts {
  std::string name;  // "integrations:call"
  std::string summary;
  std::string footer;  // the --help footer: notes, examples, JSON shape, exit codes
  std::vector<OptionFacts> options;
  std::vector<PositionalFacts> positionals;
};

// Every command of the table except the hidden ones, in table order. --help is listed with the
// options; --version, -v and --quiet (shared by every command) are too.
std::vector<CommandFacts> describe_commands();

}  // namespace kosmo::cli
