#pragma once
#include "lib/lua/sandbox.h"

namespace kosmo::cli {

// `--repl`: reads lines from stdin with the prompt "lua> " until EOF or ":quit". One sandbox
// is kept across lines; each line is a run with its own CPU budget. Expressions are echoed
// (like lua5.4's REPL, a line is first tried as `return <line>`); errors are shown and the
// loop continues. Returns the exit code (0).
int run_repl(lua::Sandbox& sandbox);

}  // namespace kosmo::cli
