#include "lib/cli/count_option.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <string>

namespace kosmo::cli {
namespace {

// 65536 → "64 KiB", 1099511627776 → "1 TiB"; "" when not a whole number of such units.
std::string binary_size(size_t bytes) {
  constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
  std::string text;
  size_t value = bytes;
  for (const char* unit : kUnits) {
    if (value < 1024 || value % 1024 != 0) break;
    value /= 1024;
    text = std::to_string(value) + " " + unit;
  }
  return text;
}

std::string describe(size_t count, const std::string& unit) {
  std::string text = std::to_string(count);
  if (unit == "bytes") {
    const std::string size = binary_size(count);
    if (!size.empty()) text += " (" + size + ")";
  }
  return text;
}

// Digits only, read the way CLI11 will convert them; overflow counts as too large.
bool within(const std::string& text, size_t min, size_t max) {
  if (text.empty() || !std::all_of(text.begin(), text.end(),
                                   [](unsigned char c) { return std::isdigit(c) != 0; })) {
    return false;
  }
  errno = 0;
  const unsigned long long value = std::strtoull(text.c_str(), nullptr, 10);
  return errno == 0 && value >= min && value <= max;
}

}  // namespace

CLI::Validator count_check(size_t min, size_t max, const char* unit) {
  const std::string wanted = "must be a whole number of " + std::string(unit) + " from " +
                             describe(min, unit) + " to " + describe(max, unit);
  return CLI::Validator(
      [min, max, wanted](std::string& text) -> std::string {
        return within(text, min, max) ? "" : wanted + ", not '" + text + "'";
      },
      "[" + std::to_string(min) + ", " + std::to_string(max) + "]", unit);
}

}  // namespace kosmo::cli
