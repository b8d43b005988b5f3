#include "lib/cli/seconds_option.h"

#include <cstdlib>
#include <string>

namespace kosmo::cli {
namespace {

const std::string& most_seconds() {
  static const std::string most = std::to_string(static_cast<long>(kMaxOptionSeconds));
  return most;
}

// The text CLI11 will convert, read the same way (strtod); NaN fails every comparison.
bool is_valid_seconds(const std::string& text, bool zero_allowed) {
  if (text.empty()) return false;
  char* end = nullptr;
  const double seconds = std::strtod(text.c_str(), &end);
  if (*end != '\0') return false;
  if (zero_allowed && seconds == 0) return true;
  return seconds > 0 && seconds <= kMaxOptionSeconds;
}

}  // namespace

const CLI::Validator& seconds_check() {
  static const CLI::Validator check(
      [](std::string& text) -> std::string {
        if (is_valid_seconds(text, false)) return "";
        return "must be a number of seconds above 0 and at most " + most_seconds() +
               " (7 days), not '" + text + "'";
      },
      "(0, " + most_seconds() + "]", "seconds");
  return check;
}

const CLI::Validator& seconds_or_zero_check() {
  static const CLI::Validator check(
      [](std::string& text) -> std::string {
        if (is_valid_seconds(text, true)) return "";
        return "must be 0 (no limit) or a number of seconds up to " + most_seconds() +
               " (7 days), not '" + text + "'";
      },
      "[0, " + most_seconds() + "]", "seconds");
  return check;
}

}  // namespace kosmo::cli
