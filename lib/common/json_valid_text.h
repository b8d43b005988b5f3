#pragma once
// Writes text as a JSON string through any RapidJSON writer, invalid UTF-8 replaced (utf8.h):
// the envelope, the JSON log lines and the -vv header fields all promise valid JSON whatever a
// vendor or a script handed over. Valid text, the common case, is written without a copy.
#include <rapidjson/rapidjson.h>

#include <string>
#include <string_view>

#include "lib/common/utf8.h"

namespace kosmo {

template <typename Writer>
void write_valid_utf8_string(Writer& writer, std::string_view text) {
  if (is_valid_utf8(text)) {
    writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
    return;
  }
  std::string valid;
  append_valid_utf8(text, valid);
  writer.String(valid.data(), static_cast<rapidjson::SizeType>(valid.size()));
}

}  // namespace kosmo
