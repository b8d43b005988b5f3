#include "lib/cli/command_facts.h"

#include <algorithm>

#include "lib/cli/command_table.h"

namespace kosmo::cli {
namespace {

OptionFacts option_facts(const CLI::Option& option) {
  OptionFacts facts;
  for (const std::string& name : option.get_snames()) facts.names.push_back("-" + name);
  for (const std::string& name : option.get_lnames()) facts.names.push_back("--" + name);
  facts.takes_value = option.get_expected_max() > 0;  // flags expect no value (expected(0))
  if (facts.takes_value) facts.value_name = option.get_type_name();
  facts.help = option.get_description();
  return facts;
}

PositionalFacts positional_facts(const CLI::Option& option) {
  PositionalFacts facts;
  facts.name = option.get_name();
  facts.help = option.get_description();
  facts.required = option.get_required();
  facts.repeats = option.get_items_expected_max() > 1;
  return facts;
}

// The options make_command_app gives every command, read from the app of a command that adds
// none of its own.
const std::vector<std::string>& shared_option_names() {
  static const std::vector<std::string> names = [] {
    const Command bare{"", "", [](CLI::App&) { return std::function<int()>(); }};
    const std::unique_ptr<CLI::App> app = make_command_app(bare);
    std::vector<std::string> all;
    for (const CLI::Option* option : app->get_options()) {
      all.push_back(option->get_name());
    }
    return all;
  }();
  return names;
}

CommandFacts command_facts(const Command& command) {
  const std::unique_ptr<CLI::App> app = make_command_app(command);
  CommandFacts facts;
  facts.name = command.name;
  facts.summary = command.summary;
  facts.footer = app->get_footer();
  for (const CLI::Option* option : app->get_options()) {
    if (option->get_positional()) {
      facts.positionals.push_back(positional_facts(*option));
    } else {
      facts.options.push_back(option_facts(*option));
      const std::vector<std::string>& shared = shared_option_names();
      facts.options.back().shared =
          std::find(shared.begin(), shared.end(), option->get_name()) != shared.end();
    }
  }
  return facts;
}

}  // namespace

std::vector<CommandFacts> describe_commands() {
  std::vector<CommandFacts> all;
  for (const Command& command : commands()) {
    if (!command.hidden) all.push_back(command_facts(command));
  }
  return all;
}

}  // namespace kosmo::cli
