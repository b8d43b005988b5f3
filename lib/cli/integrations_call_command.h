#pragma once
// `kosmo integrations:call FUNCTION [JSON] [--name=value ...]`: one integration call from the
// shell, through the same runtime as app.integrations.* in Lua (validation, policy, dry-run,
// redaction), reported in the run envelope.
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kIntegrationsCallSummary[] =
    "Call one integration function (JSON object or --name=value arguments)";

// Registers the command's options on `app` and returns what runs it after parsing; the runner
// reads the --name=value pairs from `app`, which must outlive it.
std::function<int()> define_integrations_call(CLI::App& app);

}  // namespace kosmo::cli
