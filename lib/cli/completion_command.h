#pragma once
// `kosmo completion bash|zsh|fish`: a shell completion script for kosmo's commands, their
// options, the catalog's function names and the configured MCP servers.
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kCompletionSummary[] =
    "Print a shell completion script (bash, zsh or fish)";

std::function<int()> define_completion(CLI::App& app);

}  // namespace kosmo::cli
