#pragma once
// The check for options that take a whole number within limits (--memory-limit, --output-limit):
// one plain message instead of CLI11's "Value 5 not in range 65536 to 1099511627776", which
// names neither the unit nor what a valid value looks like.
#include <CLI/CLI.hpp>
#include <cstddef>

namespace kosmo::cli {

// For Option::check(); the message reads "--memory-limit: must be a whole number of bytes from
// 65536 (64 KiB) to 1099511627776 (1 TiB), not '5'". `unit` is plural ("bytes").
CLI::Validator count_check(size_t min, size_t max, const char* unit);

}  // namespace kosmo::cli
