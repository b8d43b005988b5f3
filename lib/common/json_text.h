#pragma once
// Small RapidJSON idioms every JSON-building file needs, defined once: a string value copied
// into a document's allocator (RapidJSON's own constructor wants a pointer, a SizeType length
// and the allocator), an object's string member read as text, and a value written as text,
// compact or pretty.
#include <rapidjson/document.h>

#include <string>
#include <string_view>

namespace kosmo::json {

// `value` copied into `allocator` as a JSON string.
inline rapidjson::Value text(std::string_view value,
                             rapidjson::Document::AllocatorType& allocator) {
  return rapidjson::Value(value.data(), static_cast<rapidjson::SizeType>(value.size()),
                          allocator);
}

// The string member `key` of `object`; "" when `object` is not an object, or the member is
// missing or not a string.
inline std::string string_member(const rapidjson::Value& object, const char* key) {
  if (!object.IsObject()) return {};
  auto found = object.FindMember(key);
  if (found == object.MemberEnd() || !found->value.IsString()) return {};
  return {found->value.GetString(), found->value.GetStringLength()};
}

// `value` as compact JSON text: RapidJSON's Writer, no whitespace, members in their order.
std::string compact_text(const rapidjson::Value& value);
// `value` as JSON text for people: one member or element per line, indented by two spaces.
std::string pretty_text(const rapidjson::Value& value);

}  // namespace kosmo::json
