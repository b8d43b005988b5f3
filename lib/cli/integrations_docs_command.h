#pragma once
// `kosmo integrations:docs [PAGE]` and `kosmo integrations:search QUERY`: the docs registry
// scripts read through docs.read / docs.search, from the shell.
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kIntegrationsDocsSummary[] =
    "Read a docs page (index, integration, function, guide)";
inline constexpr const char kIntegrationsSearchSummary[] = "Search integration functions and docs";

// Each registers the command's options on `app` and returns what runs it after parsing.
std::function<int()> define_integrations_docs(CLI::App& app);
std::function<int()> define_integrations_search(CLI::App& app);

}  // namespace kosmo::cli
