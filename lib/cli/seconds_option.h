#pragma once
// The one check for options that take a number of seconds (--timeout, --cpu-limit, mcp:add
// --timeout): a finite number above zero and at most a week, else a usage error with one plain
// message. Without it "nan" passed CLI11's PositiveNumber and switched the CPU limit off, and
// "1e300" overflowed the clocks the limits are counted on.
//
// Why a week: it is far beyond any workflow, and it keeps every conversion safe: a week in
// milliseconds fits the int poll() takes (24 days would not), in nanoseconds the steady clock's
// 64 bits with room to spare.
#include <CLI/CLI.hpp>

namespace kosmo::cli {

inline constexpr double kMaxOptionSeconds = 7 * 24 * 3600.0;  // 604800

// For Option::check(); the message reads "--cpu-limit: must be a number of seconds above 0 and
// at most 604800 (7 days), not 'nan'".
const CLI::Validator& seconds_check();

// The same for a limit that 0 switches off (--timeout): 0 is accepted, and the message reads
// "must be 0 (no limit) or a number of seconds up to 604800 (7 days), not '-1'".
const CLI::Validator& seconds_or_zero_check();

}  // namespace kosmo::cli
