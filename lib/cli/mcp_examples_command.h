#pragma once
// `kosmo mcp:examples`: the headless MCP workflow as ready-to-adapt command lines
// (KosmoKrator's McpExamplesCommand). Reads no configuration and starts nothing.
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kMcpExamplesSummary[] = "Show MCP usage examples (headless workflow)";

std::function<int()> define_mcp_examples(CLI::App& app);

}  // namespace kosmo::cli
