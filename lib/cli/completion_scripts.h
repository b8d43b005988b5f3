#pragma once
// Shell completion scripts for kosmo, written from the command facts (command_facts.h) and the
// words kosmo knows (completion_words.h). Each script is self-contained: it needs neither
// bash-completion nor zsh's or fish's own kosmo support, and never runs kosmo while completing.
#include <span>
#include <string>
#include <vector>

#include "lib/cli/command_facts.h"
#include "lib/cli/completion_words.h"

namespace kosmo::cli {

// `source <(kosmo completion bash)`, or the file in /usr/share/bash-completion/completions.
std::string bash_completion(const std::vector<CommandFacts>& commands,
                            const CompletionWords& words);
// A `#compdef kosmo` file for $fpath (`_kosmo`), or `source <(kosmo completion zsh)`.
std::string zsh_completion(const std::vector<CommandFacts>& commands, const CompletionWords& words);
// `kosmo completion fish | source`, or ~/.config/fish/completions/kosmo.fish.
std::string fish_completion(const std::vector<CommandFacts>& commands,
                            const CompletionWords& words);

// The shells kosmo writes completions for, by name ("bash", "zsh", "fish").
struct ShellScript {
  const char* name;
  std::string (*write)(const std::vector<CommandFacts>&, const CompletionWords&);
};
std::span<const ShellScript> shell_scripts();

// Words a script may carry unquoted: letters, digits and `._:@/+-`. Names from a project's
// mcp.json are not trusted, and a name outside this set could run code when the script is
// sourced, so such names are left out rather than quoted.
bool is_plain_word(const std::string& word);
// The plain words of `words`, space-separated.
std::string plain_words(const std::vector<std::string>& words);
// Help text on one line, at most `max` bytes (cut at a word), for a script's descriptions.
std::string one_line(const std::string& text, size_t max = 80);

}  // namespace kosmo::cli
