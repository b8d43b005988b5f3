#include "lib/http/retry_after.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <string>
#include <vector>

namespace kosmo::http {
namespace {

std::vector<std::string_view> split_on_spaces(std::string_view text) {
  std::vector<std::string_view> tokens;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = text.find_first_not_of(" \t", i);
    if (start == std::string_view::npos) break;
    size_t end = std::min(text.find_first_of(" \t", start), text.size());
    tokens.push_back(text.substr(start, end - start));
    i = end;
  }
  return tokens;
}

std::optional<int> parse_int(std::string_view text, size_t min_digits, size_t max_digits) {
  if (text.size() < min_digits || text.size() > max_digits) return std::nullopt;
  if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<unsigned> parse_month(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (unsigned i = 0; i < kMonths.size(); ++i) {
    if (name == kMonths[i]) return i + 1;
  }
  return std::nullopt;
}

// "HH:MM:SS" as seconds into the day.
std::optional<int> parse_time_of_day(std::string_view text) {
  if (text.size() != 8 || text[2] != ':' || text[5] != ':') return std::nullopt;
  auto hours = parse_int(text.substr(0, 2), 2, 2);
  auto minutes = parse_int(text.substr(3, 2), 2, 2);
  auto seconds = parse_int(text.substr(6, 2), 2, 2);
  if (!hours || !minutes || !seconds || *hours > 23 || *minutes > 59 || *seconds > 60) {
    return std::nullopt;
  }
  return *hours * 3600 + *minutes * 60 + *seconds;
}

std::optional<double> to_unix_seconds(std::optional<int> year, std::optional<unsigned> month,
                                      std::optional<int> day, std::optional<int> time_of_day) {
  if (!year || !month || !day || !time_of_day || *day < 1) return std::nullopt;
  std::chrono::year_month_day date{std::chrono::year(*year), std::chrono::month(*month),
                                   std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok()) return std::nullopt;
  auto days = std::chrono::sys_days(date).time_since_epoch().count();
  return static_cast<double>(days) * 86400.0 + *time_of_day;
}

// RFC 850 years have two digits; RFC 9110 reads one more than 50 years ahead as the past
// century, which for any date this program will see means 00-69 → 20xx, 70-99 → 19xx.
std::optional<int> expand_two_digit_year(std::optional<int> year) {
  if (!year) return std::nullopt;
  return *year < 70 ? 2000 + *year : 1900 + *year;
}

}  // namespace

std::optional<double> parse_http_date(std::string_view text) {
  std::vector<std::string_view> t = split_on_spaces(text);
  if (t.size() == 6 && t[0].ends_with(',') && t[5] == "GMT") {  // IMF-fixdate
    return to_unix_seconds(parse_int(t[3], 4, 4), parse_month(t[2]), parse_int(t[1], 2, 2),
                           parse_time_of_day(t[4]));
  }
  if (t.size() == 4 && t[0].ends_with(',') && t[3] == "GMT") {  // RFC 850
    std::string_view date = t[1];
    if (date.size() != 9 || date[2] != '-' || date[6] != '-') return std::nullopt;
    return to_unix_seconds(expand_two_digit_year(parse_int(date.substr(7), 2, 2)),
                           parse_month(date.substr(3, 3)), parse_int(date.substr(0, 2), 2, 2),
                           parse_time_of_day(t[2]));
  }
  if (t.size() == 5 && !t[0].ends_with(',')) {  // asctime
    return to_unix_seconds(parse_int(t[4], 4, 4), parse_month(t[1]), parse_int(t[2], 1, 2),
                           parse_time_of_day(t[3]));
  }
  return std::nullopt;
}

std::optional<double> parse_retry_after(std::string_view value, double unix_now) {
  size_t begin = value.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return std::nullopt;
  value = value.substr(begin, value.find_last_not_of(" \t") - begin + 1);
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    // Accumulated as a double so an absurd value is merely huge, never an overflow.
    double seconds = 0;
    for (char c : value) seconds = seconds * 10 + (c - '0');
    return seconds;
  }
  std::optional<double> date = parse_http_date(value);
  if (!date) return std::nullopt;
  return std::max(0.0, *date - unix_now);
}

}  // namespace kosmo::http
