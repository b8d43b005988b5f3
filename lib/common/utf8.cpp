#include "lib/common/utf8.h"

namespace kosmo {

bool is_valid_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  size_t i = 0;
  while (i < size) {
    i += ascii_prefix_length(p + i, size - i);
    if (i >= size) break;
    const Utf8Sequence sequence = utf8_sequence_at(p + i, size - i);
    if (!sequence.valid) return false;
    i += sequence.length;
  }
  return true;
}

void append_valid_utf8(std::string_view in, std::string& out) {
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const size_t size = in.size();
  size_t run_start = 0;  // start of the valid bytes not yet copied
  size_t i = 0;
  while (i < size) {
    i += ascii_prefix_length(p + i, size - i);
    if (i >= size) break;
    const Utf8Sequence sequence = utf8_sequence_at(p + i, size - i);
    if (!sequence.valid) {
      out.append(in.data() + run_start, i - run_start);
      out.append("\xEF\xBF\xBD");
      run_start = i + sequence.length;
    }
    i += sequence.length;
  }
  out.append(in.data() + run_start, size - run_start);
}

}  // namespace kosmo
