#pragma once
// Size-class free lists for the Lua heap's small blocks. A Lua state allocates and frees
// millions of blocks of a few dozen bytes (strings, tables, closures, small hash and array
// parts); glibc's malloc spends 50-100 instructions on each, and more once a second thread
// exists (its single-thread fast path is lost). Lua tells the allocator every block's size
// when freeing it, so a pool needs no header and no lookup: the size picks the class, a freed
// block is pushed on its class's list and the next allocation of that class pops it.
//
// Blocks are carved from chunks and never handed back one by one: a freed block waits for the
// next allocation of its class, and the chunks are freed when the pool is destroyed, after
// lua_close. One pool belongs to one Lua state, used by one thread at a time, so nothing is
// locked.
//
// The first chunks are small and come from malloc, so a state that allocates little touches
// little. Past kSmallChunksUpTo, chunks are 2 MiB-aligned mappings with transparent huge pages
// asked for (large_block.h). A heap of millions of small blocks (a decoded 20 MB document) is
// then read through a few TLB entries instead of one per 4 KiB page. On a VM, where each TLB
// miss walks two sets of page tables, that made json.decode of 20 MB 40 % faster (most of it
// is Lua's string interning, a pointer chase through the string table's chains), and 10 % when
// the host had to back the fresh memory again first (BENCHMARKS.md, #17's eighth round).
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
  // Each small chunk holds this much; small enough that a state that allocates little touches
  // (and keeps) little, large enough that refills are rare.
  static constexpr size_t kChunkBytes = 64 * 1024;
  // Once small chunks hold this much, the next chunks are huge ones: one huge page each.
  static constexpr size_t kSmallChunksUpTo = 4 * 1024 * 1024;
  static constexpr size_t kHugeChunkBytes = 2 * 1024 * 1024;

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

  // Bytes taken so far (whole chunks), in use or not.
  size_t reserved_bytes() const { return reserved_bytes_; }

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
    size_t bytes;  // kChunkBytes (malloc) or kHugeChunkBytes (a mapping)
  };
  static_assert(sizeof(Chunk) == kGranuleBytes);
  static constexpr size_t kClasses = kMaxBlockBytes / kGranuleBytes;

  static size_t class_of(size_t size) { return (size - 1) / kGranuleBytes; }
  static size_t rounded_size(size_t size) { return (class_of(size) + 1) * kGranuleBytes; }

  // Starts a new chunk and takes a block of `rounded` bytes from it; null if no memory.
  void* refill(size_t rounded);
  // A new chunk's memory and size: a huge one once small chunks hold kSmallChunksUpTo, or a
  // small one (also when the kernel refuses a mapping); null if no memory at all.
  Chunk* take_chunk();

  std::array<FreeBlock*, kClasses> free_{};
  char* bump_ = nullptr;  // the current chunk's unused bytes: [bump_, bump_end_)
  char* bump_end_ = nullptr;
  Chunk* chunks_ = nullptr;  // every chunk taken, newest first
  size_t reserved_bytes_ = 0;
};

}  // namespace kosmo::lua
