// JSON string escaping for the text encoder. Encoding must never produce invalid JSON, so every
// string is also checked as UTF-8 (lib/common/utf8.h) in the same pass; the eight-bytes-at-a-time
// scan keeps that cheap for typical payloads.
#include <array>
#include <cstdint>
#include <cstring>

#include "lib/common/utf8.h"
#include "lib/lua/lua_json.h"
#include "lib/lua/lua_json_internal.h"

namespace kosmo::lua {
namespace {

constexpr uint64_t kOnes = 0x0101010101010101ull;
constexpr uint64_t kHighBits = 0x8080808080808080ull;

// Nonzero when some byte of `x` is zero. May also flag bytes after a zero byte (borrows), never
// misses one: callers use it only to leave a fast path.
constexpr uint64_t has_zero_byte(uint64_t x) { return (x - kOnes) & ~x & kHighBits; }

// Nonzero when one of the 8 bytes needs attention in a JSON string: a control character, '"',
// '\\' or a non-ASCII byte (to be validated).
constexpr uint64_t needs_escape_or_check(uint64_t x) {
  return (x & kHighBits) | ((x - kOnes * 0x20) & ~x & kHighBits) |
         has_zero_byte(x ^ (kOnes * '"')) | has_zero_byte(x ^ (kOnes * '\\'));
}

// True for the bytes that need attention one at a time: the same set, as a table, for strings
// shorter than eight bytes (most object keys) and for the bytes around a flagged chunk.
constexpr std::array<bool, 256> kNeedsAttention = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) table[c] = c < 0x20 || c >= 0x80 || c == '"' || c == '\\';
  return table;
}();

// Appends the escape for an ASCII byte that JSON does not allow raw, the way RapidJSON's
// Writer spells it (short forms where JSON has them, else \u00XX with upper-case hex).
void append_escape(unsigned char c, json_detail::OutputBuffer& out) {
  static constexpr std::string_view kEscaped = "\"\\\b\f\n\r\t";
  static constexpr std::string_view kShortForms = "\"\\bfnrt";
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '\\';
  if (const size_t at = kEscaped.find(static_cast<char>(c)); at != std::string_view::npos) {
    out += kShortForms[at];
    return;
  }
  out += "u00";
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
}

}  // namespace

namespace json_detail {

bool append_json_string(std::string_view text, OutputBuffer& out) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  const size_t mark = out.size();
  out.reserve(mark + size + 2);
  out += '"';
  size_t run_start = 0;  // start of the bytes not yet copied
  size_t i = 0;
  while (i < size) {
    for (uint64_t chunk; i + 8 <= size; i += 8) {
      std::memcpy(&chunk, p + i, sizeof chunk);
      if (needs_escape_or_check(chunk)) break;
    }
    while (i < size && !kNeedsAttention[p[i]]) ++i;
    if (i >= size) break;
    const unsigned char c = p[i];
    if (c >= 0x80) {
      const Utf8Sequence sequence = utf8_sequence_at(p + i, size - i);
      if (!sequence.valid) {
        out.resize(mark);
        return false;
      }
      i += sequence.length;
    } else {  // a control character, '"' or '\\'
      out.append(text.data() + run_start, i - run_start);
      append_escape(c, out);
      run_start = ++i;
    }
  }
  out.append(text.data() + run_start, size - run_start);
  out += '"';
  return true;
}

}  // namespace json_detail
}  // namespace kosmo::lua
