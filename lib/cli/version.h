#pragma once
// What `kosmo --version` prints: the release and the git commit the binary was built from.
#include <string>

namespace kosmo::cli {

// `git rev-parse --short HEAD` when CMake configured the build, "unknown" outside a git checkout.
// Defined in the generated build_commit.cpp (cmake/build_commit.cpp.in).
extern const char kBuildCommit[];

// "kosmo 0.1.0 (commit d546ac7)".
std::string version_text();

}  // namespace kosmo::cli
