// UTF-8 validation and repair for JSON conversion. Encoding must never produce invalid JSON,
// so every string is checked; the ASCII fast path keeps that cheap for typical payloads.
#include <cstdint>
#include <cstring>

#include "lib/lua/lua_json.h"
#include "lib/lua/lua_json_internal.h"

namespace kosmo::lua {
namespace {

struct Step {
  size_t length;  // bytes consumed: the whole sequence, or the maximal invalid subpart
  bool valid;
};

// Decodes one sequence following Unicode's table of well-formed byte sequences (3.9, table
// 3-7). On failure `length` is the maximal subpart (lead byte plus the continuation bytes that
// were still acceptable), which is what the Unicode "substitution of maximal subparts"
// practice replaces with a single U+FFFD.
Step next_step(const unsigned char* p, size_t available) {
  const unsigned char lead = p[0];
  if (lead < 0x80) return {1, true};
  size_t continuation;
  unsigned char lo = 0x80, hi = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    continuation = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    continuation = 2;
    if (lead == 0xE0) lo = 0xA0;  // overlong
    if (lead == 0xED) hi = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    continuation = 3;
    if (lead == 0xF0) lo = 0x90;  // overlong
    if (lead == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return {1, false};
  }
  for (size_t i = 1; i <= continuation; ++i) {
    if (i >= available || p[i] < lo || p[i] > hi) return {i, false};
    lo = 0x80;
    hi = 0xBF;
  }
  return {continuation + 1, true};
}

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

// Appends the escape for an ASCII byte that JSON does not allow raw, the way RapidJSON's
// Writer spells it (short forms where JSON has them, else \u00XX with upper-case hex).
void append_escape(unsigned char c, std::string& out) {
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

// Length of the leading pure-ASCII run, checked eight bytes at a time.
size_t ascii_prefix(const unsigned char* p, size_t size) {
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t chunk;
    std::memcpy(&chunk, p + i, sizeof chunk);
    if (chunk & 0x8080808080808080ull) break;
  }
  while (i < size && p[i] < 0x80) ++i;
  return i;
}

}  // namespace

void append_valid_utf8(std::string_view in, std::string& out) {
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const size_t size = in.size();
  size_t run_start = 0;  // start of the valid bytes not yet copied
  size_t i = 0;
  while (i < size) {
    i += ascii_prefix(p + i, size - i);
    if (i >= size) break;
    const Step step = next_step(p + i, size - i);
    if (!step.valid) {
      out.append(in.data() + run_start, i - run_start);
      out.append("\xEF\xBF\xBD");
      run_start = i + step.length;
    }
    i += step.length;
  }
  out.append(in.data() + run_start, size - run_start);
}

namespace json_detail {

bool is_valid_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  size_t i = 0;
  while (i < size) {
    i += ascii_prefix(p + i, size - i);
    if (i >= size) break;
    const Step step = next_step(p + i, size - i);
    if (!step.valid) return false;
    i += step.length;
  }
  return true;
}

bool append_json_string(std::string_view text, std::string& out) {
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
    if (i >= size) break;
    const unsigned char c = p[i];
    if (c >= 0x80) {
      const Step step = next_step(p + i, size - i);
      if (!step.valid) {
        out.resize(mark);
        return false;
      }
      i += step.length;
    } else if (c < 0x20 || c == '"' || c == '\\') {
      out.append(text.data() + run_start, i - run_start);
      append_escape(c, out);
      run_start = ++i;
    } else {
      ++i;
    }
  }
  out.append(text.data() + run_start, size - run_start);
  out += '"';
  return true;
}

}  // namespace json_detail
}  // namespace kosmo::lua
