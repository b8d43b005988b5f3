#pragma once
// Where the Lua code of a run comes from (§1): --eval, else FILE ("-" = stdin), else stdin
// when it is not a terminal.
#include <optional>
#include <string>

namespace kosmo::cli {

struct CodeSource {
  std::string code;
  std::string chunkname;  // Lua convention: "=eval", "=stdin", "@path"
};

struct CodeSourceError {
  std::string message;
};

// Returns the code, or an error message for the usage envelope.
std::optional<CodeSource> resolve_code(const std::optional<std::string>& eval,
                                       const std::string& file, CodeSourceError& error);

}  // namespace kosmo::cli
