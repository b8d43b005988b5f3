#include "lib/cli/seconds_option.h"

#include <cstdlib>
#include <string>

namespace kosmo::cli {
namespace {

// The text CLI11 will convert, read the same way (strtod); NaN fails both comparisons.
bool is_valid_seconds(const std::string& text) {
  if (text.empty()) return false;
  char* end = nullptr;
  const double seconds = std::strtod(text.c_str(), &end);
  return *end == '\0' && seconds > 0 && seconds <= kMaxOptionSeconds;
}

}  // namespace

const CLI::Validator& seconds_check() {
  static const std::string most = std::to_string(static_cast<long>(kMaxOptionSeconds));
  static const CLI::Validator check(
      [](std::string& text) -> std::string {
        if (is_valid_seconds(text)) return "";
        return "must be a number of seconds above 0 and at most " + most + " (7 days), not '" +
               text + "'";
      },
      "(0, " + most + "]", "seconds");
  return check;
}

}  // namespace kosmo::cli
