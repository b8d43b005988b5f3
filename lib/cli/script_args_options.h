#pragma once
// The inputs of a Lua run on the command line: --input FILE|-, --arg NAME=VALUE and
// --arg-json NAME=JSON (integrations:lua and mcp:lua, whatever the code's source). They become
// the script's read-only `args` table (lib/lua/script_args.h) as data, so a value never has to
// be spliced into Lua source, with the quoting and code injection that brings.
//
// Precedence: every --input first, in order, then --arg and --arg-json in the order given;
// a later one wins for the same name.
#include <rapidjson/document.h>

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "lib/cli/code_source.h"

namespace kosmo::cli {

struct ScriptArgFlag {
  bool json = false;  // --arg-json (the value is JSON text) or --arg (the value is a string)
  std::string pair;   // NAME=VALUE as given
};

struct ScriptArgsOptions {
  std::vector<std::string> inputs;   // --input, in order ("-" is stdin)
  std::vector<ScriptArgFlag> flags;  // --arg and --arg-json, in command-line order
  bool reads_stdin() const;
};

// Registers the three options on `app`; `options` must outlive parsing.
void add_script_args_options(CLI::App& app, ScriptArgsOptions& options);

// Why the inputs cannot be read at all, checked before anything is read: `--input -` when the
// code itself comes from stdin (`code_from_stdin`), or given twice.
std::optional<std::string> script_args_conflict(const ScriptArgsOptions& options,
                                                bool code_from_stdin);

// Reads every --input (bounded like the script: size and --timeout) and checks every value.
// Returns a JSON array of objects, one per --input and one per flag, in precedence order, for
// lua::install_script_args; or nothing, with `error` a usage error (exit 2) or a timeout.
std::optional<rapidjson::Document> read_script_args(const ScriptArgsOptions& options,
                                                    const CodeReadLimits& limits,
                                                    CodeSourceError& error);

}  // namespace kosmo::cli
