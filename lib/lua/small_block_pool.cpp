#include "lib/lua/small_block_pool.h"

#include <malloc.h>

#include <cstdlib>

#include "lib/common/large_block.h"

namespace kosmo::lua {

SmallBlockPool::~SmallBlockPool() {
  while (chunks_ != nullptr) {
    Chunk* next = chunks_->next;
    if (chunks_->bytes == kHugeChunkBytes) {
      unmap_large_block(chunks_, kHugeChunkBytes);
    } else {
      std::free(chunks_);
    }
    chunks_ = next;
  }
}

SmallBlockPool::Chunk* SmallBlockPool::take_chunk() {
  if (reserved_bytes_ >= kSmallChunksUpTo) {
    if (void* memory = map_aligned_large_block(kHugeChunkBytes, kHugeChunkBytes)) {
      // From here on the pool no longer draws on malloc's heap, so what Lua freed there (the
      // pieces a large text was built from, say) would stay resident unused: hand it back.
      // Without this, decoding a 20 MB document built in the same script peaked 28 MB higher.
      malloc_trim(0);
      return new (memory) Chunk{chunks_, kHugeChunkBytes};
    }
  }
  void* memory = std::malloc(kChunkBytes);
  return memory == nullptr ? nullptr : new (memory) Chunk{chunks_, kChunkBytes};
}

// What is left of the previous chunk (less than one largest block) is not worth a list entry.
void* SmallBlockPool::refill(size_t rounded) {
  Chunk* chunk = take_chunk();
  if (chunk == nullptr) return nullptr;
  chunks_ = chunk;
  reserved_bytes_ += chunk->bytes;
  bump_ = reinterpret_cast<char*>(chunk) + sizeof(Chunk);
  bump_end_ = reinterpret_cast<char*>(chunk) + chunk->bytes;
  char* block = bump_;
  bump_ += rounded;
  return block;
}

}  // namespace kosmo::lua
