#pragma once
// The words a shell completes for a command's first positional argument: function names from
// the catalog, integration names, MCP server names from the configuration.
#include <string>
#include <string_view>
#include <vector>

namespace kosmo::cli {

struct CompletionWords {
  std::vector<std::string> functions;     // "sinch.get_group"
  std::vector<std::string> integrations;  // "sinch"
  std::vector<std::string> servers;       // MCP server names as configured
};

// The catalog's names and, unless `with_servers` is false, the MCP servers configured for the
// current directory. A catalog or MCP config that cannot be read gives no names of that kind
// (a warning on stderr): a completion script must still be written.
CompletionWords gather_completion_words(bool with_servers);

// The words for `command`'s first positional argument; empty when it takes a file or free text
// (the shell then completes file names).
std::vector<std::string> first_argument_words(std::string_view command,
                                              const CompletionWords& words);

}  // namespace kosmo::cli
