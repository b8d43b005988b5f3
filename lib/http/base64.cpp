#include "lib/http/base64.h"

namespace kosmo::http {

std::string base64_encode(std::string_view bytes, Base64Alphabet alphabet, bool padded) {
  const char* symbols = alphabet == Base64Alphabet::kStandard
                            ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
                            : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    unsigned group = static_cast<unsigned char>(bytes[i]) << 16 |
                     static_cast<unsigned char>(bytes[i + 1]) << 8 |
                     static_cast<unsigned char>(bytes[i + 2]);
    out += symbols[group >> 18 & 63];
    out += symbols[group >> 12 & 63];
    out += symbols[group >> 6 & 63];
    out += symbols[group & 63];
  }
  size_t rest = bytes.size() - i;
  if (rest == 0) return out;
  unsigned group = static_cast<unsigned char>(bytes[i]) << 16;
  if (rest == 2) group |= static_cast<unsigned char>(bytes[i + 1]) << 8;
  out += symbols[group >> 18 & 63];
  out += symbols[group >> 12 & 63];
  if (rest == 2) out += symbols[group >> 6 & 63];
  if (padded) out.append(rest == 1 ? "==" : "=");
  return out;
}

}  // namespace kosmo::http
