#pragma once
// JSON text output for the encoder: the same bytes RapidJSON's Writer/PrettyWriter (indent 4,
// as PHP's JSON_PRETTY_PRINT) produce, written into an OutputBuffer. Strings go through one fused
// validate-and-escape pass instead of the Writer's byte-at-a-time loop; that and the saved
// copy of the finished document are what the 100 MB/s conversion bar needs.
#include <rapidjson/rapidjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lib/lua/lua_json_output_buffer.h"

namespace kosmo::lua::json_detail {

class TextWriter {
 public:
  TextWriter(OutputBuffer& out, bool pretty) : out_(out), pretty_(pretty) {}

  // The SAX handler interface the encoder drives (RapidJSON's names and signatures).
  bool Null();
  bool Bool(bool b);
  bool Int64(int64_t i);
  bool Double(double d);  // finite values only; the encoder handles NaN and infinity
  bool String(const char* text, rapidjson::SizeType length, bool copy);
  bool Key(const char* text, rapidjson::SizeType length, bool copy);
  bool StartObject();
  bool EndObject(rapidjson::SizeType count);
  bool StartArray();
  bool EndArray(rapidjson::SizeType count);

  // Writes `text` as a string value or key if it is valid UTF-8; otherwise writes nothing and
  // returns false.
  bool TryString(std::string_view text);

  // Object keys repeat (arrays of records), so the encoder renders a set of keys once with
  // render_key (appends `key` as quoted JSON text; false, appending nothing, when it is not
  // valid UTF-8) and writes each occurrence with RenderedKey.
  static bool render_key(std::string_view key, std::string& out);
  void RenderedKey(std::string_view quoted);

 private:
  struct Level {
    bool in_array;
    size_t count;  // values written at this level; in objects keys count too
  };

  void prefix();
  void close(char bracket);
  void indent();

  OutputBuffer& out_;
  bool pretty_;
  std::vector<Level> levels_;
};

}  // namespace kosmo::lua::json_detail
