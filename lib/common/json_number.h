#pragma once
// The value of a JSON number, read from its text. RapidJSON 1.1 converts numbers itself, badly:
// its default conversion is a unit in the last place off for about one double in five
// (3729.1494285714284 reads as 3729.1494285714289), and its full-precision mode misreads zeros
// with large exponents (0e308 as 7.6e227) and overflows to NaN or infinity (2e308). Parsers
// therefore take numbers as text (kParseNumbersAsStringsFlag) and convert them here, correctly
// rounded, with std::from_chars.
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

namespace kosmo {

// An integer that fits int64_t or, beyond it, uint64_t stays exact; anything else is a double.
// Numbers too small for a double are zero (with their sign), as strtod and every JSON library
// make them; nullopt when the number is too big for a double. `text` must be a valid JSON number
// (RapidJSON checks the grammar before handing it over).
std::optional<std::variant<int64_t, uint64_t, double>> read_json_number(std::string_view text);

}  // namespace kosmo
