#pragma once
// `kosmo integrations:status [NAME]`: per integration and account, whether calls can be made,
// which credentials are present or missing and where each comes from (never their values),
// and the read/write policy.
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kIntegrationsStatusSummary[] =
    "Show credentials (present/missing, source) and policy per account";

// Registers the command's options on `app` and returns what runs it after parsing.
std::function<int()> define_integrations_status(CLI::App& app);

}  // namespace kosmo::cli
