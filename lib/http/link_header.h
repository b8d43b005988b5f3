#pragma once
// RFC 8288 Link headers, for APIs that page by them (GitHub's style): the URL of rel="next".
#include <optional>
#include <string>
#include <string_view>

namespace kosmo::http {

// The target of the first link whose rel includes "next" in a Link header value such as
// `<https://api.x/items?page=3>; rel="next", <…?page=9>; rel="last"`; none when there is none.
std::optional<std::string> next_link(std::string_view header);

// The percent-decoded value of query parameter `name` in `url`; none when it is absent.
std::optional<std::string> query_parameter(std::string_view url, std::string_view name);

}  // namespace kosmo::http
