#pragma once
// Parsing of the Retry-After response header (RFC 9110 §10.2.3).
#include <optional>
#include <string_view>

namespace kosmo::http {

// Seconds to wait according to a Retry-After value: delay-seconds ("120") or an HTTP-date in any
// of the three forms RFC 9110 requires recipients to accept (IMF-fixdate "Sun, 06 Nov 1994
// 08:49:37 GMT", RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT", asctime "Sun Nov  6 08:49:37 1994").
// A date in the past gives 0. `unix_now` is the current wall-clock time in seconds since the
// epoch. nullopt when the value is absent or malformed, which callers treat as "no advice".
std::optional<double> parse_retry_after(std::string_view value, double unix_now);

// Seconds since the epoch for an HTTP-date, or nullopt when it is not one.
std::optional<double> parse_http_date(std::string_view text);

}  // namespace kosmo::http
