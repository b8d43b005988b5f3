#include "lib/cli/seconds_option.h"

#include <cstdlib>
#include <string>

namespace kosmo::cli {
namespace {

// The text CLI11 will convert, read the same way (strtod); NaN fails every comparison.
bool is_valid_seconds(const std::string& text, bool zero_allowed) {
  if (text.empty()) return false;
  char* end = nullptr;
  const double seconds = std::strtod(text.c_str(), &end);
  if (*end != '\0') return false;
  if (zero_allowed && seconds == 0) return true;
  return seconds > 0 && seconds <= kMaxOptionSeconds;
}

// The validator for one of the two forms; its range ("[0, 604800]") is what --help shows.
CLI::Validator seconds_validator(bool zero_allowed) {
  const std::string most = std::to_string(static_cast<long>(kMaxOptionSeconds));
  const std::string wanted = zero_allowed
                                 ? "must be 0 (no limit) or a number of seconds up to " + most
                                 : "must be a number of seconds above 0 and at most " + most;
  return CLI::Validator(
      [zero_allowed, wanted](std::string& text) -> std::string {
        if (is_valid_seconds(text, zero_allowed)) return "";
        return wanted + " (7 days), not '" + text + "'";
      },
      (zero_allowed ? "[0, " : "(0, ") + most + "]", "seconds");
}

}  // namespace

const CLI::Validator& seconds_check() {
  static const CLI::Validator check = seconds_validator(false);
  return check;
}

const CLI::Validator& seconds_or_zero_check() {
  static const CLI::Validator check = seconds_validator(true);
  return check;
}

}  // namespace kosmo::cli
