#pragma once
// Base64 encoding (RFC 4648), for Basic auth and for recognising encoded secrets.
#include <string>
#include <string_view>

namespace kosmo::http {

enum class Base64Alphabet { kStandard, kUrlSafe };

// `padded` appends '=' to a multiple of four characters.
std::string base64_encode(std::string_view bytes,
                          Base64Alphabet alphabet = Base64Alphabet::kStandard, bool padded = true);

// Decodes standard or URL-safe base64, padding optional, whitespace ignored. False on any
// other character.
bool base64_decode(std::string_view text, std::string& bytes);

}  // namespace kosmo::http
