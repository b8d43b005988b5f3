#pragma once
// `kosmo integrations:list`: every integration in the catalog with its status, accounts,
// functions and read/write policy; --json in KosmoKrator's shape (providers keyed by name, each
// with its function objects).
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kIntegrationsListSummary[] =
    "List integrations: status, accounts, functions, policy";

// Registers the command's options on `app` and returns what runs it after parsing.
std::function<int()> define_integrations_list(CLI::App& app);

}  // namespace kosmo::cli
