#include "lib/lua/lua_json_output_buffer.h"

#include <cstdlib>
#include <new>

#include "lib/common/large_block.h"

namespace kosmo::lua::json_detail {

OutputBuffer::~OutputBuffer() { free_sized_block(data_, capacity_); }

// Small buffers live in malloc; from kLargeBlockBytes on, the buffer is a mapping of its own
// (huge pages, and growth by mremap): see large_block.h.
void OutputBuffer::grow(size_t more) {
  constexpr size_t kFirstCapacity = 256;
  size_t capacity = capacity_ < kFirstCapacity ? kFirstCapacity : capacity_ * 2;
  if (capacity - size_ < more) capacity = size_ + more;
  void* block = resize_sized_block(data_, capacity_, capacity);
  if (block == nullptr) throw std::bad_alloc();
  data_ = static_cast<char*>(block);
  capacity_ = capacity;
}

}  // namespace kosmo::lua::json_detail
