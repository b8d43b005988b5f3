#pragma once
// RFC 3986 §2.3's unreserved characters (A-Z a-z 0-9 - . _ ~): what every percent-encoder in
// kosmo leaves as it is (integration paths and queries, OAuth forms, file URIs, the forms under
// which a secret is redacted). A table, since encoders test every byte of what they encode; and
// ASCII only, whatever the locale (std::isalnum is not).
#include <array>

namespace kosmo {

inline constexpr std::array<bool, 256> kUriUnreserved = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) {
    table[c] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '.' || c == '_' || c == '~';
  }
  return table;
}();

constexpr bool is_uri_unreserved(char c) { return kUriUnreserved[static_cast<unsigned char>(c)]; }

}  // namespace kosmo
