#pragma once
// The byte buffer json.encode writes its text into. It grows with realloc, and from a few MiB on
// as a mapping of its own (large_block.h: huge pages, mremap), instead of copying itself as
// std::string does on every doubling: for a 20 MB document those copies and the page faults of
// each new block were a large part of the encoding time. The finished text is copied once, into
// the Lua string or the caller's std::string.
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
    copy_bytes(data_ + size_, text, length);
    size_ += length;
    return *this;
  }
  // Adds `count` bytes for the caller to fill and returns where they start.
  char* extend(size_t count) {
    if (capacity_ - size_ < count) grow(count);
    char* tail = data_ + size_;
    size_ += count;
    return tail;
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

  // Most pieces of JSON text are a few bytes (keys, separators, numbers): copied with two
  // overlapping fixed-size moves, which compile to plain loads and stores, instead of a call to
  // memcpy that costs more than the copy.
  static void copy_bytes(char* to, const char* from, size_t length) {
    if (length >= 8 && length <= 16) {
      std::memcpy(to, from, 8);
      std::memcpy(to + length - 8, from + length - 8, 8);
    } else if (length >= 4 && length < 8) {
      std::memcpy(to, from, 4);
      std::memcpy(to + length - 4, from + length - 4, 4);
    } else if (length > 16) {
      std::memcpy(to, from, length);
    } else {
      for (size_t i = 0; i < length; ++i) to[i] = from[i];
    }
  }

  char* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace kosmo::lua::json_detail
