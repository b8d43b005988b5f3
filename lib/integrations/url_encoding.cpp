#include "lib/integrations/url_encoding.h"

#include <algorithm>

#include "lib/common/json_text.h"
#include "lib/common/uri_characters.h"

namespace kosmo::integrations {

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  // Ids and names are mostly unreserved already: copied whole, not a character at a time.
  const auto first_reserved = std::find_if_not(text.begin(), text.end(), is_uri_unreserved);
  std::string out(text.begin(), first_reserved);
  if (first_reserved == text.end()) return out;
  out.reserve(text.size() + 16);
  for (auto it = first_reserved; it != text.end(); ++it) {
    const auto byte = static_cast<unsigned char>(*it);
    if (is_uri_unreserved(*it)) {
      out.push_back(*it);
    } else {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0x0F]);
    }
  }
  return out;
}

std::string scalar_text(const rapidjson::Value& value) {
  if (value.IsString()) return {value.GetString(), value.GetStringLength()};
  if (value.IsBool()) return value.GetBool() ? "true" : "false";
  if (value.IsNull()) return "";
  return json::compact_text(value);
}

void append_query(std::string& query, std::string_view name, const rapidjson::Value& value) {
  if (value.IsArray()) {
    for (const rapidjson::Value& item : value.GetArray()) append_query(query, name, item);
    return;
  }
  if (value.IsObject()) {
    for (const auto& member : value.GetObject()) {
      const std::string key = std::string(name) + "[" +
                              std::string(member.name.GetString(), member.name.GetStringLength()) +
                              "]";
      append_query(query, key, member.value);
    }
    return;
  }
  if (!query.empty()) query.push_back('&');
  query += percent_encode(name);
  query.push_back('=');
  query += percent_encode(scalar_text(value));
}

}  // namespace kosmo::integrations
