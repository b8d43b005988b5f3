#pragma once
// Usage errors in plain words, naming the fix where kosmo knows it. CLI11's own messages name
// neither the mistake nor the fix: "The following argument was not expected: --evl" becomes
// "Unknown option --evl. Did you mean --eval?", "--eval: 1 required TEXT missing" becomes
// "--eval needs a value.", "function is required" becomes "Missing FUNCTION: Function name, ...".
#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

namespace kosmo::cli {

// The message for the first argument in `args` that looks like an option (`-x`, `--name`,
// `--name=value`) but is none of `app`'s, with the nearest option names as the suggestion;
// nullopt when every option-like argument is known (the extra argument is then a positional
// one, which CLI11's own message describes). Arguments after `--` are not options.
std::optional<std::string> unknown_option_message(const CLI::App& app,
                                                  const std::vector<std::string>& args);

// The message for `error`, raised while `app` parsed `args` (argv without the program name):
// one of the plainer ones above, else CLI11's (validators already word theirs plainly).
std::string parse_error_message(const CLI::App& app, const CLI::ParseError& error,
                                const std::vector<std::string>& args);

}  // namespace kosmo::cli
