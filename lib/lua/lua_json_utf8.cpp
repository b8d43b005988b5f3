// JSON string escaping for the text encoder. Encoding must never produce invalid JSON, so every
// string is also checked as UTF-8 (lib/common/utf8.h); a scan of 16 or 8 bytes at a time keeps
// that cheap for typical payloads.
#ifdef __SSE2__
#include <emmintrin.h>
#endif

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
// shorter than eight bytes and for the bytes around a flagged chunk.
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

// The general case: `text` holds bytes to escape or to validate; out[mark] is the opening quote.
bool append_escaped_json_string(std::string_view text, size_t mark,
                                json_detail::OutputBuffer& out) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  out.resize(mark + 1);
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

#ifdef __SSE2__
// Whether none of the 16 bytes at `p` needs attention: as signed bytes, control characters and
// non-ASCII bytes are exactly those below 0x20; then '"' and '\\'.
bool plain16(const unsigned char* p) {
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i flagged = _mm_or_si128(_mm_cmplt_epi8(bytes, _mm_set1_epi8(0x20)),
                                       _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('"')),
                                                    _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\'))));
  return _mm_movemask_epi8(flagged) == 0;
}
#endif

bool plain8(const unsigned char* p) {
  uint64_t chunk;
  std::memcpy(&chunk, p, sizeof chunk);
  return needs_escape_or_check(chunk) == 0;
}

// Whether the `size` bytes at `p` are all plain (none needs attention); copies them to `to` as
// it goes, so past the plain part `to` holds garbage when they are not. Blocks of 16 bytes
// (SSE2) or 8; the last block overlaps the one before instead of going byte by byte, which for
// short strings would cost more than the scan.
template <size_t kBlock, bool (*plain)(const unsigned char*)>
bool copy_blocks_if_plain(const unsigned char* p, size_t size, char* to) {
  size_t i = 0;
  for (; i + kBlock <= size; i += kBlock) {
    if (!plain(p + i)) return false;
    std::memcpy(to + i, p + i, kBlock);
  }
  if (i == size) return true;
  if (!plain(p + size - kBlock)) return false;
  std::memcpy(to + size - kBlock, p + size - kBlock, kBlock);
  return true;
}

bool copy_if_plain(const unsigned char* p, size_t size, char* to) {
#ifdef __SSE2__
  if (size >= 16) return copy_blocks_if_plain<16, plain16>(p, size, to);
#endif
  if (size >= 8) return copy_blocks_if_plain<8, plain8>(p, size, to);
  for (size_t i = 0; i < size; ++i) {
    if (kNeedsAttention[p[i]]) return false;
    to[i] = static_cast<char>(p[i]);
  }
  return true;
}

}  // namespace

namespace json_detail {

// Most strings are plain ASCII with nothing to escape: they are scanned and copied in the same
// pass, straight into room made for the whole literal; a string that needs more goes the
// general way.
bool append_json_string(std::string_view text, OutputBuffer& out) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  const size_t mark = out.size();
  char* literal = out.extend(size + 2);
  literal[0] = '"';
  if (!copy_if_plain(p, size, literal + 1)) return append_escaped_json_string(text, mark, out);
  literal[size + 1] = '"';
  return true;
}

}  // namespace json_detail
}  // namespace kosmo::lua
