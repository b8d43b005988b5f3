#include "lib/lua/small_block_pool.h"

#include <cstdlib>

namespace kosmo::lua {

SmallBlockPool::~SmallBlockPool() {
  while (chunks_ != nullptr) {
    Chunk* next = chunks_->next;
    std::free(chunks_);
    chunks_ = next;
  }
}

// What is left of the previous chunk (less than one largest block) is not worth a list entry.
void* SmallBlockPool::refill(size_t rounded) {
  void* memory = std::malloc(kChunkBytes);
  if (memory == nullptr) return nullptr;
  chunks_ = new (memory) Chunk{chunks_};
  ++chunk_count_;
  bump_ = static_cast<char*>(memory) + sizeof(Chunk);
  bump_end_ = static_cast<char*>(memory) + kChunkBytes;
  char* block = bump_;
  bump_ += rounded;
  return block;
}

}  // namespace kosmo::lua
