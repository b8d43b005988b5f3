#pragma once
// Locale-independent ASCII text helpers shared by the docs registry, suggestions and config.
#include <string>
#include <string_view>

namespace kosmo {

std::string ascii_lower(std::string_view text);
std::string_view trim_space(std::string_view text);

}  // namespace kosmo
