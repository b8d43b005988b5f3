// Lua -> JSON entry points: text (compact or pretty) and RapidJSON DOM. The walk itself is in
// lua_json_encoder.h, the text output in lua_json_text_writer.cpp.
#include <cstdio>

#include "lib/common/utf8.h"
#include "lib/lua/lua_json.h"
#include "lib/lua/lua_json_encoder.h"
#include "lib/lua/lua_json_text_writer.h"

namespace kosmo::lua {
namespace json_detail {
namespace {

bool is_identifier(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

// Error messages end up in the JSON envelope, so the key is made valid UTF-8 and quoted.
void append_quoted(std::string_view name, std::string& out) {
  std::string valid;
  append_valid_utf8(name, valid);
  out += '"';
  for (char c : valid) {
    if (c == '"' || c == '\\') out += '\\';
    out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
  }
  out += '"';
}

std::string format_float(lua_Number number) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.14g", static_cast<double>(number));
  return buffer;
}

int type_rank(int type) { return type == LUA_TSTRING ? 0 : type == LUA_TNUMBER ? 1 : 2; }

}  // namespace

std::string format_path(const std::vector<PathStep>& path) {
  std::string out = "$";
  for (const PathStep& step : path) {
    switch (step.kind) {
      case PathStep::Kind::kIndex:
        out += '[' + std::to_string(step.index) + ']';
        break;
      case PathStep::Kind::kName:
        if (is_identifier(step.name)) {
          out += '.';
          out += step.name;
        } else {
          out += '[';
          append_quoted(step.name, out);
          out += ']';
        }
        break;
      case PathStep::Kind::kFloatKey:
        out += '[' + format_float(step.number) + ']';
        break;
      case PathStep::Kind::kOther:
        out += "[?]";
        break;
    }
  }
  return out;
}

// Byte order of the key text; equal texts (the integer key 1 and the string key "1") are
// ordered by key type so the output stays deterministic.
bool key_less(const KeyEntry& a, const KeyEntry& b) {
  const int order = a.text.compare(b.text);
  if (order != 0) return order < 0;
  if (a.type != b.type) return type_rank(a.type) < type_rank(b.type);
  return a.slot < b.slot;
}

std::string key_text(lua_State* L, int index) {
  switch (lua_type(L, index)) {
    case LUA_TNUMBER:
      if (lua_isinteger(L, index)) return std::to_string(lua_tointeger(L, index));
      return format_float(lua_tonumber(L, index));
    case LUA_TBOOLEAN:
      return lua_toboolean(L, index) ? "true" : "false";
    case LUA_TLIGHTUSERDATA:
      if (lua_touserdata(L, index) == nullptr) return "null";
      break;
  }
  return std::string("<") + lua_typename(L, lua_type(L, index)) + ">";
}

}  // namespace json_detail

namespace json_detail {

bool encode_to_buffer(lua_State* L, int index, const EncodeOptions& options, OutputBuffer& out,
                      std::string& error) {
  out.clear();
  TextWriter writer(out, options.pretty);
  Encoder<TextWriter> encoder(L, writer, options);
  if (encoder.encode(index)) return true;
  out.clear();
  error = encoder.error();
  return false;
}

}  // namespace json_detail

bool encode_to_text(lua_State* L, int index, const EncodeOptions& options, std::string& out,
                    std::string& error) {
  json_detail::OutputBuffer buffer;
  if (!json_detail::encode_to_buffer(L, index, options, buffer, error)) {
    out.clear();
    return false;
  }
  out.assign(buffer.data(), buffer.size());
  return true;
}

bool to_json_value(lua_State* L, int index, rapidjson::Value& out,
                   rapidjson::Document::AllocatorType& allocator, const EncodeOptions& options,
                   std::string& error) {
  // The Document only assembles the SAX events; every node is allocated from `allocator`, so
  // the result can be swapped into `out` and outlive the Document.
  // Its stack's allocator given too, so that the document does not allocate one of its own;
  // 1 KiB of stack is RapidJSON's default.
  rapidjson::CrtAllocator stack_allocator;
  rapidjson::Document document(&allocator, 1024, &stack_allocator);
  bool ok = false;
  auto generate = [&](rapidjson::Document& handler) {
    json_detail::Encoder<rapidjson::Document> encoder(L, handler, options);
    ok = encoder.encode(index);
    if (!ok) error = encoder.error();
    return ok;
  };
  document.Populate(generate);
  if (ok) out.Swap(document);
  return ok;
}

}  // namespace kosmo::lua
