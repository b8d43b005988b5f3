#include "lib/http/secret_forms.h"

#include <algorithm>
#include <cstdio>

#include "lib/common/uri_characters.h"
#include "lib/http/base64.h"

namespace kosmo::http {
namespace {

// The form encoding (PHP urlencode) encodes '~' too.
bool is_unreserved(char c, bool form) { return is_uri_unreserved(c) && !(form && c == '~'); }

// JSON string escaping as encoders differ on it: always `"`, `\` and control characters;
// optionally `/`, which PHP's json_encode escapes by default.
std::string json_escape(std::string_view text, bool escape_slash) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '/':
        out += escape_slash ? "\\/" : "/";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned char>(c));
          out += buffer;
        } else {
          out += c;
        }
    }
  }
  return out;
}

// The characters of base64(prefix + secret + suffix) that depend on the secret alone, for a
// prefix of `shift` bytes: character j covers bits [6j, 6j+6), so it belongs to the secret when
// those bits all lie in [8*shift, 8*(shift+n)).
std::string aligned_core(std::string_view secret, size_t shift, Base64Alphabet alphabet) {
  std::string shifted(shift, '\0');
  shifted.append(secret);
  std::string encoded = base64_encode(shifted, alphabet, false);
  size_t first = (8 * shift + 5) / 6;
  size_t last = 8 * (shift + secret.size()) / 6;
  return last > first ? encoded.substr(first, last - first) : std::string();
}

}  // namespace

std::string percent_encode(std::string_view text, bool upper_hex, bool form) {
  const char* digits = upper_hex ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  for (char c : text) {
    if (is_unreserved(c, form)) {
      out += c;
    } else if (form && c == ' ') {
      out += '+';
    } else {
      unsigned char byte = static_cast<unsigned char>(c);
      out += '%';
      out += digits[byte >> 4];
      out += digits[byte & 15];
    }
  }
  return out;
}

std::vector<std::string> secret_forms(std::string_view secret) {
  std::vector<std::string> forms = {std::string(secret)};
  for (bool upper : {true, false}) {
    for (bool form : {false, true}) forms.push_back(percent_encode(secret, upper, form));
  }
  forms.push_back(json_escape(secret, false));
  forms.push_back(json_escape(secret, true));
  for (Base64Alphabet alphabet : {Base64Alphabet::kStandard, Base64Alphabet::kUrlSafe}) {
    forms.push_back(base64_encode(secret, alphabet, true));
    forms.push_back(base64_encode(secret, alphabet, false));
    for (size_t shift = 0; shift < 3; ++shift)
      forms.push_back(aligned_core(secret, shift, alphabet));
  }
  std::vector<std::string> distinct;
  for (std::string& form : forms) {
    if (!form.empty() && std::find(distinct.begin(), distinct.end(), form) == distinct.end()) {
      distinct.push_back(std::move(form));
    }
  }
  return distinct;
}

}  // namespace kosmo::http
