#include "lib/common/json_number.h"

#include <algorithm>
#include <charconv>

namespace kosmo {
namespace {

// Whether a number that does not fit a double is tiny (below the smallest subnormal) rather
// than huge: the place of its first significant digit plus its exponent is negative. The two
// kinds are over 600 decimal orders apart, so this rough measure cannot mistake one for the other.
bool is_tiny(std::string_view number) {
  const size_t e = number.find_first_of("eE");
  const std::string_view mantissa = number.substr(0, e);
  long exponent = 0;
  if (e != std::string_view::npos) {
    std::string_view digits = number.substr(e + 1);
    if (digits.starts_with('+')) digits.remove_prefix(1);
    if (std::from_chars(digits.data(), digits.data() + digits.size(), exponent).ec != std::errc()) {
      return digits.starts_with('-');  // an exponent beyond `long` decides alone
    }
  }
  const size_t first = mantissa.find_first_of("123456789");
  const size_t point = std::min(mantissa.find('.'), mantissa.size());
  const long place =
      first < point ? static_cast<long>(point - first) - 1 : -static_cast<long>(first - point);
  return exponent < -place;  // place + exponent < 0, without overflowing for huge exponents
}

}  // namespace

std::optional<std::variant<int64_t, uint64_t, double>> read_json_number(std::string_view text) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (text.find_first_of(".eE") == std::string_view::npos) {
    int64_t integer;
    if (std::from_chars(begin, end, integer).ec == std::errc()) return integer;
    uint64_t unsigned_integer;
    if (std::from_chars(begin, end, unsigned_integer).ec == std::errc()) return unsigned_integer;
  }
  double number;
  if (std::from_chars(begin, end, number).ec == std::errc()) return number;
  if (!is_tiny(text)) return std::nullopt;
  return text.starts_with('-') ? -0.0 : 0.0;
}

}  // namespace kosmo
