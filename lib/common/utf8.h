#pragma once
// UTF-8 well-formedness, the one owner for every layer: HTTP bodies, cassettes, raw responses,
// JSON conversion and the envelope. RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF. The sequence decoder and the ASCII prefix are inline because JSON encoding calls
// them once per non-ASCII sequence and once per run of text.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace kosmo {

// One sequence as seen from its first byte.
struct Utf8Sequence {
  size_t length;  // bytes consumed: the whole sequence, or the maximal invalid subpart
  bool valid;
};

// Decodes the sequence starting at `p` (`available` > 0 bytes readable) following Unicode's
// table of well-formed byte sequences (3.9, table 3-7). On failure `length` is the maximal
// subpart (the lead byte plus the continuation bytes that were still acceptable), which is
// what Unicode's "substitution of maximal subparts" practice replaces with a single U+FFFD.
inline Utf8Sequence utf8_sequence_at(const unsigned char* p, size_t available) {
  const unsigned char lead = p[0];
  if (lead < 0x80) return {1, true};
  size_t continuation;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    continuation = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    continuation = 2;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    continuation = 3;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    return {1, false};
  }
  for (size_t i = 1; i <= continuation; ++i) {
    if (i >= available || p[i] < low || p[i] > high) return {i, false};
    low = 0x80;
    high = 0xBF;
  }
  return {continuation + 1, true};
}

// Length of the leading pure-ASCII run of `p[0..size)`, checked eight bytes at a time: typical
// payloads are mostly ASCII, which needs no decoding.
inline size_t ascii_prefix_length(const unsigned char* p, size_t size) {
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t chunk;
    std::memcpy(&chunk, p + i, sizeof chunk);
    if (chunk & 0x8080808080808080ull) break;
  }
  while (i < size && p[i] < 0x80) ++i;
  return i;
}

bool is_valid_utf8(std::string_view text);

// Appends `in` to `out` with each maximal invalid subpart replaced by U+FFFD, so that text
// which must be UTF-8 (JSON, the envelope) never fails on bytes a script or a vendor produced.
void append_valid_utf8(std::string_view in, std::string& out);

}  // namespace kosmo
