#include "lib/lua/lua_json_text_writer.h"

#include <rapidjson/internal/dtoa.h>

#include <charconv>

#include "lib/lua/lua_json_internal.h"

namespace kosmo::lua::json_detail {

bool TextWriter::Null() {
  prefix();
  out_ += "null";
  return true;
}

bool TextWriter::Bool(bool b) {
  prefix();
  out_ += b ? "true" : "false";
  return true;
}

bool TextWriter::Int64(int64_t i) {
  prefix();
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, i);
  out_.append(buffer, static_cast<size_t>(result.ptr - buffer));
  return true;
}

bool TextWriter::Double(double d) {
  prefix();
  // RapidJSON's own shortest round-trip formatting (Grisu2), as its Writer uses: 1.0 keeps
  // its ".0", -0.0 its sign, so floats stay floats through a round trip and the text matches
  // what the envelope's RapidJSON writer prints for the same number.
  char buffer[32];
  const char* end = rapidjson::internal::dtoa(d, buffer);
  out_.append(buffer, static_cast<size_t>(end - buffer));
  return true;
}

bool TextWriter::String(const char* text, rapidjson::SizeType length, bool) {
  return TryString({text, length});
}

bool TextWriter::Key(const char* text, rapidjson::SizeType length, bool) {
  return TryString({text, length});
}

bool TextWriter::TryString(std::string_view text) {
  const size_t mark = out_.size();
  prefix();
  if (append_json_string(text, out_)) return true;
  out_.resize(mark);
  if (!levels_.empty()) --levels_.back().count;
  return false;
}

bool TextWriter::render_key(std::string_view key, std::string& out) {
  OutputBuffer quoted;
  if (!append_json_string(key, quoted)) return false;
  out += quoted.view();
  return true;
}

void TextWriter::RenderedKey(std::string_view quoted) {
  prefix();
  out_ += quoted;
}

bool TextWriter::StartObject() {
  prefix();
  out_ += '{';
  levels_.push_back({false, 0});
  return true;
}

bool TextWriter::EndObject(rapidjson::SizeType) {
  close('}');
  return true;
}

bool TextWriter::StartArray() {
  prefix();
  out_ += '[';
  levels_.push_back({true, 0});
  return true;
}

bool TextWriter::EndArray(rapidjson::SizeType) {
  close(']');
  return true;
}

// Separator (and, when pretty, line break and indentation) before a value or key, following
// RapidJSON's Writer::Prefix and PrettyWriter::PrettyPrefix.
void TextWriter::prefix() {
  if (levels_.empty()) return;
  Level& level = levels_.back();
  const bool first = level.count == 0;
  const bool before_key = !level.in_array && level.count % 2 == 0;
  ++level.count;
  if (!level.in_array && !before_key) {
    out_ += ':';
    if (pretty_) out_ += ' ';
    return;
  }
  if (!first) out_ += ',';
  if (pretty_) {
    out_ += '\n';
    indent();
  }
}

void TextWriter::close(char bracket) {
  const bool empty = levels_.back().count == 0;
  levels_.pop_back();
  if (pretty_ && !empty) {
    out_ += '\n';
    indent();
  }
  out_ += bracket;
}

// Four spaces per level: the indent of PHP's JSON_PRETTY_PRINT, which KosmoKrator's
// json.encode uses.
void TextWriter::indent() { out_.append(levels_.size() * 4, ' '); }

}  // namespace kosmo::lua::json_detail
