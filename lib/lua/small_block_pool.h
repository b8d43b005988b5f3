#pragma once
// Size-class free lists for the Lua heap's small blocks. A Lua state allocates and frees
// millions of blocks of a few dozen bytes (strings, tables, closures, small hash and array
// parts); glibc's malloc spends 50-100 instructions on each, and more once a second thread
// exists (its single-thread fast path is lost). Lua tells the allocator every block's size
// when freeing it, so a pool needs no header and no lookup: the size picks the class, a freed
// block is pushed on its class's list and the next allocation of that class pops it.
//
// Blocks are carved from chunks taken from malloc and never handed back one by one: a freed
// block waits for the next allocation of its class, and the chunks are freed when the pool
// is destroyed, after lua_close. One pool belongs to one Lua state, used by one thread at a
// time, so nothing is locked.
#include <array>
#include <cstddef>
#include <new>

namespace kosmo::lua {

class SmallBlockPool {
 public:
  // Blocks up to this size come from the pool; larger ones from malloc. Covers Lua's strings
  // up to 231 bytes, tables, closures, and hash parts of up to 8 nodes.
  static constexpr size_t kMaxBlockBytes = 256;
  // Class granularity; also the blocks' alignment, as glibc's malloc gives (Lua needs 8).
  static constexpr size_t kGranuleBytes = 16;
  // Each chunk holds this much; small enough that a state that allocates little touches
  // (and keeps) little, large enough that refills are rare.
  static constexpr size_t kChunkBytes = 64 * 1024;

  SmallBlockPool() = default;
  ~SmallBlockPool();
  SmallBlockPool(const SmallBlockPool&) = delete;
  SmallBlockPool& operator=(const SmallBlockPool&) = delete;

  static bool serves(size_t size) { return size != 0 && size <= kMaxBlockBytes; }
  // Whether blocks of both sizes (both served) come from the same class: a resize between
  // them keeps the block where it is.
  static bool same_class(size_t a, size_t b) { return class_of(a) == class_of(b); }

  // A block of `size` (served) bytes, or null when no new chunk could be had.
  void* allocate(size_t size) {
    FreeBlock*& head = free_[class_of(size)];
    if (FreeBlock* block = head) {
      head = block->next;
      return block;
    }
    const size_t rounded = rounded_size(size);
    if (static_cast<size_t>(bump_end_ - bump_) >= rounded) {
      char* block = bump_;
      bump_ += rounded;
      return block;
    }
    return refill(rounded);
  }

  // Bytes taken from malloc so far (whole chunks), in use or not.
  size_t reserved_bytes() const { return chunk_count_ * kChunkBytes; }

  // Takes back a block allocate(size) returned; `size` may be any size of the same class.
  void release(void* block, size_t size) {
    FreeBlock*& head = free_[class_of(size)];
    head = new (block) FreeBlock{head};
  }

 private:
  struct FreeBlock {
    FreeBlock* next;
  };
  // The head of each chunk, one granule long so the blocks after it stay aligned.
  struct alignas(kGranuleBytes) Chunk {
    Chunk* next;
  };
  static constexpr size_t kClasses = kMaxBlockBytes / kGranuleBytes;

  static size_t class_of(size_t size) { return (size - 1) / kGranuleBytes; }
  static size_t rounded_size(size_t size) { return (class_of(size) + 1) * kGranuleBytes; }

  // Starts a new chunk and takes a block of `rounded` bytes from it; null if malloc fails.
  void* refill(size_t rounded);

  std::array<FreeBlock*, kClasses> free_{};
  char* bump_ = nullptr;  // the current chunk's unused bytes: [bump_, bump_end_)
  char* bump_end_ = nullptr;
  Chunk* chunks_ = nullptr;  // every chunk taken, newest first
  size_t chunk_count_ = 0;
};

}  // namespace kosmo::lua
