#pragma once
// Splits a fuzz input into a byte stream and the sizes of the pieces it arrives in, so stream
// parsers (stdio lines, SSE) see the same partial lines, split CRLFs and split UTF-8 sequences
// that pipes and sockets produce. Layout of an input:
//
//   byte 0           how many size bytes follow, modulo 8 (0: the stream arrives in one piece)
//   next n bytes     piece sizes, each (byte & 0x3F) + 1, i.e. 1..64, used in turn, cycling
//   the rest         the stream
//
// An input starting with '0' (0x30 % 8 == 0) is therefore one piece: hand-written seeds stay
// readable text.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace kosmo::fuzz {

class ChunkedInput {
 public:
  ChunkedInput(const uint8_t* data, size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    if (input.empty()) return;
    const size_t count = std::min<size_t>(static_cast<uint8_t>(input[0]) % 8, input.size() - 1);
    for (size_t i = 1; i <= count; ++i) {
      sizes_.push_back((static_cast<uint8_t>(input[i]) & 0x3F) + 1u);
    }
    stream_ = input.substr(1 + count);
  }

  // The whole stream, for comparing against parsing it in one go.
  std::string_view stream() const { return stream_; }

  // Calls `consume(piece)` for consecutive pieces covering the stream.
  template <typename Consume>
  void for_each_piece(Consume consume) const {
    size_t at = 0;
    for (size_t turn = 0; at < stream_.size(); ++turn) {
      const size_t size = sizes_.empty() ? stream_.size() : sizes_[turn % sizes_.size()];
      consume(stream_.substr(at, size));
      at += size;
    }
  }

 private:
  std::vector<size_t> sizes_;
  std::string_view stream_;
};

}  // namespace kosmo::fuzz
