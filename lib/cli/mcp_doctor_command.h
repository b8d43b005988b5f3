#pragma once
// `kosmo mcp:doctor [SERVER]`: KosmoKrator's readiness report (the config files, which servers
// each defines, the effective servers, next commands) with mcp:status's live check per server
// and, per file, which of its entries win and which a later file replaced.
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kMcpDoctorSummary[] =
    "Diagnose MCP setup: config files, winning entries, trust, start-up";

std::function<int()> define_mcp_doctor(CLI::App& app);

}  // namespace kosmo::cli
