#pragma once
// Diagnostics go to stderr only (spdlog); stdout belongs to the envelope.
namespace kosmo::cli {

// Level: KOSMO_LOG=debug|info|warn|error|off when set, else warn raised one step per -v
// (info, then debug); --quiet keeps errors only. Colour only on a terminal and never when
// NO_COLOR is set.
void configure_logging(int verbosity, bool quiet);

}  // namespace kosmo::cli
