#pragma once
// `kosmo mcp:prompts SERVER` lists a server's prompts; `kosmo mcp:prompt SERVER NAME [JSON]
// [--arg k=v] [--k=v]` gets one, filled with its arguments. Both start the server, after the
// trust and read-policy checks of mcp:lua.
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kMcpPromptsSummary[] = "List an MCP server's prompts";
inline constexpr const char kMcpPromptSummary[] = "Get one MCP prompt, filled with arguments";

std::function<int()> define_mcp_prompts(CLI::App& app);
std::function<int()> define_mcp_prompt(CLI::App& app);

}  // namespace kosmo::cli
