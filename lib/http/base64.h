#pragma once
// Base64 encoding (RFC 4648), for Basic auth and for recognising encoded secrets.
#include <string>
#include <string_view>

namespace kosmo::http {

enum class Base64Alphabet { kStandard, kUrlSafe };

// `padded` appends '=' to a multiple of four characters.
std::string base64_encode(std::string_view bytes,
                          Base64Alphabet alphabet = Base64Alphabet::kStandard, bool padded = true);

}  // namespace kosmo::http
