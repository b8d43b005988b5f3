#include "lib/cli/parse_error_message.h"

#include <cctype>

#include "lib/common/suggest.h"

namespace kosmo::cli {
namespace {

// "--name" of "--name=value"; a short option ("-e") as it is.
std::string option_name(const std::string& arg) {
  if (arg.rfind("--", 0) != 0) return arg.substr(0, 2);
  return arg.substr(0, arg.find('='));
}

bool is_known(const CLI::App& app, const std::string& name) {
  const std::string bare = name.substr(name.rfind("--", 0) == 0 ? 2 : 1);
  for (const CLI::Option* option : app.get_options()) {
    if (option->check_lname(bare) || option->check_sname(bare)) return true;
  }
  return false;
}

// Only long names: a one-letter option is near every other one, so "-x" suggesting "-e" would
// be noise.
std::vector<std::string> long_option_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* option : app.get_options()) {
    for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
  }
  return names;
}

}  // namespace

std::optional<std::string> unknown_option_message(const CLI::App& app,
                                                  const std::vector<std::string>& args) {
  for (const std::string& arg : args) {
    if (arg == "--") break;
    // "-" alone is stdin, and "-1" a negative number given as a value.
    if (arg.size() < 2 || arg[0] != '-' || std::isdigit(static_cast<unsigned char>(arg[1])))
      continue;
    const std::string name = option_name(arg);
    if (is_known(app, name)) continue;
    std::string message = "Unknown option " + name + ".";
    const std::vector<std::string> near = name.size() > 2
                                              ? nearest_names(name, long_option_names(app), 1)
                                              : std::vector<std::string>{};
    if (!near.empty()) return message + " Did you mean " + near.front() + "?";
    return message;
  }
  return std::nullopt;
}

std::string parse_error_message(const CLI::App& app, const CLI::ParseError& error,
                                const std::vector<std::string>& args) {
  const std::string what = error.what();
  if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
    if (auto message = unknown_option_message(app, args)) return *message;
  }
  // "--eval: 1 required TEXT missing": an option given last, without its value.
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr && what.size() > 8 &&
      what.compare(what.size() - 8, 8, " missing") == 0) {
    return what.substr(0, what.find(':')) + " needs a value.";
  }
  // "function is required": a positional argument left out.
  if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) {
    const std::string name = what.substr(0, what.find(' '));
    const CLI::Option* option = app.get_option_no_throw(name);
    if (option != nullptr && option->get_positional()) {
      std::string upper = name;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return "Missing " + upper + ": " + option->get_description() + ".";
    }
  }
  return what;
}

}  // namespace kosmo::cli
