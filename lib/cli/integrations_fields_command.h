#pragma once
// `kosmo integrations:fields PROVIDER [--account A]`: the credential fields an integration
// needs, with whether each has a value for the account (never the value) and the environment
// variable that supplies it: what an agent needs before integrations:configure.
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kIntegrationsFieldsSummary[] =
    "Show an integration's credential fields and which are configured";

std::function<int()> define_integrations_fields(CLI::App& app);

}  // namespace kosmo::cli
