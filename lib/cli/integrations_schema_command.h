#pragma once
// `kosmo integrations:schema FUNCTION`: a function's parameters as JSON Schema, plus its names,
// operation and HTTP route, for tools that generate calls.
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kIntegrationsSchemaSummary[] =
    "Show a function's parameters as JSON Schema";

// Registers the command's options on `app` and returns what runs it after parsing.
std::function<int()> define_integrations_schema(CLI::App& app);

}  // namespace kosmo::cli
