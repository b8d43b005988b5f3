#pragma once
// `kosmo integrations:doctor [PROVIDER] [--offline]`: per integration, KosmoKrator's readiness
// report (enabled, configured, active, missing credentials, accounts, permissions, functions,
// next commands) plus kosmo's checks: where each credential comes from, the effective policy's
// sources, the config files, and whether the base URL answers over the network.
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kIntegrationsDoctorSummary[] =
    "Diagnose integrations: credentials, policy, config files, base URL";

std::function<int()> define_integrations_doctor(CLI::App& app);

}  // namespace kosmo::cli
