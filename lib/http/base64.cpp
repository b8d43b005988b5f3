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

bool base64_decode(std::string_view text, std::string& bytes) {
  bytes.clear();
  bytes.reserve(text.size() / 4 * 3);
  unsigned group = 0;
  int bits = 0;
  for (const char c : text) {
    int value;
    if (c >= 'A' && c <= 'Z') {
      value = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      value = c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      value = c - '0' + 52;
    } else if (c == '+' || c == '-') {
      value = 62;
    } else if (c == '/' || c == '_') {
      value = 63;
    } else if (c == '=' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      continue;
    } else {
      return false;
    }
    group = (group << 6) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push_back(static_cast<char>((group >> bits) & 0xFF));
    }
  }
  return true;
}

}  // namespace kosmo::http
