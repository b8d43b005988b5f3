#pragma once
namespace kosmo::cli {

// The whole command line: parses argv with CLI11, runs the chosen command, returns the exit
// code. Usage errors with --json still produce an envelope.
int run(int argc, char** argv);

}  // namespace kosmo::cli
