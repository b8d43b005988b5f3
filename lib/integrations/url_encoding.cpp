#include "lib/integrations/url_encoding.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace kosmo::integrations {

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                            (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' ||
                            byte == '_' || byte == '~';
    if (unreserved) {
      out.push_back(c);
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
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
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
