#pragma once
// `kosmo integrations:examples PAGE`: ready-to-run command lines for an integration or one of
// its functions (KosmoKrator's IntegrationExamplesCommand).
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kIntegrationsExamplesSummary[] =
    "Show example calls for an integration or function";

// Registers the command's options on `app` and returns what runs it after parsing.
std::function<int()> define_integrations_examples(CLI::App& app);

}  // namespace kosmo::cli
