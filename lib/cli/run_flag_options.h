#pragma once
// The run flags (lib/common/run_flags.h) on the command line: each flag is declared here once,
// with one help text, and a command picks the ones it takes (curl's tool_getparam.c keeps its
// options in one table the same way).
#include <CLI/CLI.hpp>
#include <initializer_list>
#include <optional>
#include <string>

#include "lib/common/run_flags.h"

namespace kosmo::cli {

enum class RunFlag {
  kJson,
  kForce,
  kDryRun,
  kDeterministic,
  kRecordReplay,
  kTimeout,
  kElicitation
};

// Registers the chosen flags on `app`, writing into `flags` (which must outlive parsing).
void add_run_flags(CLI::App& app, RunFlags& flags, std::initializer_list<RunFlag> which);
// --json alone, for the companion commands that take no other run flag.
void add_json_flag(CLI::App& app, bool& json);

// What the flags cannot mean together ("--record and --replay cannot be combined"), or a
// --record cassette that could not be written at the end (a directory, /proc/version, a device):
// a usage error, checked before anything runs, so no run's calls go unrecorded.
std::optional<std::string> run_flags_problem(const RunFlags& flags);

}  // namespace kosmo::cli
