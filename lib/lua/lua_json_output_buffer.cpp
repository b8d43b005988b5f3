#include "lib/lua/lua_json_output_buffer.h"

#include <cstdlib>
#include <new>

namespace kosmo::lua::json_detail {

OutputBuffer::~OutputBuffer() { std::free(data_); }

void OutputBuffer::grow(size_t more) {
  constexpr size_t kFirstCapacity = 256;
  size_t capacity = capacity_ < kFirstCapacity ? kFirstCapacity : capacity_ * 2;
  if (capacity - size_ < more) capacity = size_ + more;
  void* block = std::realloc(data_, capacity);
  if (block == nullptr) throw std::bad_alloc();
  data_ = static_cast<char*>(block);
  capacity_ = capacity;
}

}  // namespace kosmo::lua::json_detail
