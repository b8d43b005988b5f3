#pragma once
// `kosmo __man`: prints the man page (man_page.h). Hidden: the build runs it to write kosmo.1.
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kManSummary[] = "Print the man page (roff), for the build";

std::function<int()> define_man(CLI::App& app);

}  // namespace kosmo::cli
