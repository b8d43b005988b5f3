#pragma once
// The byte buffer json.encode writes its text into. It grows with realloc, which extends a large
// block in place (at the top of the heap, or with mremap once the block is memory-mapped)
// instead of copying it as std::string does on every doubling: for a 20 MB document those copies
// and the page faults of each new block were a tenth of the encoding time. The finished text is
// copied once, into the Lua string or the caller's std::string.
#include <cstddef>
#include <cstring>
#include <string_view>

namespace kosmo::lua::json_detail {

class OutputBuffer {
 public:
  OutputBuffer() = default;
  ~OutputBuffer();
  OutputBuffer(const OutputBuffer&) = delete;
  OutputBuffer& operator=(const OutputBuffer&) = delete;

  const char* data() const { return data_; }
  size_t size() const { return size_; }
  std::string_view view() const { return {data_, size_}; }

  // Shrinking only (a failed string is taken back); never reallocates.
  void resize(size_t size) { size_ = size < size_ ? size : size_; }
  void clear() { size_ = 0; }
  void reserve(size_t capacity) {
    if (capacity > capacity_) grow(capacity - size_);
  }

  OutputBuffer& operator+=(char c) {
    if (size_ == capacity_) grow(1);
    data_[size_++] = c;
    return *this;
  }
  OutputBuffer& operator+=(std::string_view text) { return append(text.data(), text.size()); }
  OutputBuffer& append(const char* text, size_t length) {
    if (capacity_ - size_ < length) grow(length);
    if (length > 0) std::memcpy(data_ + size_, text, length);
    size_ += length;
    return *this;
  }
  OutputBuffer& append(size_t count, char c) {
    if (capacity_ - size_ < count) grow(count);
    std::memset(data_ + size_, c, count);
    size_ += count;
    return *this;
  }

 private:
  // Room for `more` bytes past size(), at least doubling; throws std::bad_alloc on failure.
  void grow(size_t more);

  char* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace kosmo::lua::json_detail
