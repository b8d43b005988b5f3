#pragma once
// `kosmo integrations:call FUNCTION [PAYLOAD] [--name=value ...]`: one integration call from the
// shell, through the same runtime as app.integrations.* in Lua (validation, policy, dry-run,
// redaction), reported in KosmoKrator's call result shape (call_report.h).
#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace kosmo::cli {

inline constexpr const char kIntegrationsCallSummary[] =
    "Call one integration function (JSON payload and/or --name=value arguments)";

// Registers the command's options on `app` and returns what runs it after parsing; the runner
// reads the payload and parameter flags CLI11 left over from `app`, which must outlive it.
std::function<int()> define_integrations_call(CLI::App& app);

// A command line CLI11 could not parse, reported under --json in the call's shape.
int integrations_call_parse_error(const std::string& message);

}  // namespace kosmo::cli
