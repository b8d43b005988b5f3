// SmallBlockPool: size classes, reuse of freed blocks, chunk refills, alignment.
#include "lib/lua/small_block_pool.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <set>
#include <vector>

namespace kosmo::lua {
namespace {

constexpr size_t kGranule = SmallBlockPool::kGranuleBytes;

TEST(SmallBlockPoolTest, ServesOnlySmallNonEmptyBlocks) {
  EXPECT_FALSE(SmallBlockPool::serves(0));
  EXPECT_TRUE(SmallBlockPool::serves(1));
  EXPECT_TRUE(SmallBlockPool::serves(SmallBlockPool::kMaxBlockBytes));
  EXPECT_FALSE(SmallBlockPool::serves(SmallBlockPool::kMaxBlockBytes + 1));
}

TEST(SmallBlockPoolTest, ClassesAreGranulesWide) {
  EXPECT_TRUE(SmallBlockPool::same_class(1, kGranule));
  EXPECT_FALSE(SmallBlockPool::same_class(kGranule, kGranule + 1));
  EXPECT_TRUE(SmallBlockPool::same_class(kGranule + 1, 2 * kGranule));
}

// A freed block is the next one handed out in its class, whatever size in the class asks.
TEST(SmallBlockPoolTest, ReusesAFreedBlockOfTheSameClass) {
  SmallBlockPool pool;
  void* first = pool.allocate(40);
  void* second = pool.allocate(40);
  pool.release(first, 40);
  void* other_class = pool.allocate(24);
  EXPECT_NE(other_class, first);
  EXPECT_EQ(pool.allocate(33), first);  // 33..48 share the class of 40
  EXPECT_NE(pool.allocate(40), second);
}

// Blocks of one class sit a rounded size apart (no per-block header), aligned to the granule.
TEST(SmallBlockPoolTest, CarvesAlignedBlocksWithoutHeaders) {
  SmallBlockPool pool;
  auto* a = static_cast<char*>(pool.allocate(32));
  auto* b = static_cast<char*>(pool.allocate(32));
  auto* c = static_cast<char*>(pool.allocate(17));
  EXPECT_EQ(b - a, 32);
  EXPECT_EQ(c - b, 32);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a) % kGranule, 0u);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(c) % kGranule, 0u);
}

// Past one chunk's worth, a new chunk is taken; every block is distinct and writable whole.
TEST(SmallBlockPoolTest, RefillsAcrossChunks) {
  SmallBlockPool pool;
  const size_t size = SmallBlockPool::kMaxBlockBytes;
  const size_t count = 3 * SmallBlockPool::kChunkBytes / size;
  std::set<void*> seen;
  std::vector<void*> blocks;
  for (size_t i = 0; i < count; ++i) {
    void* block = pool.allocate(size);
    ASSERT_NE(block, nullptr);
    std::memset(block, static_cast<int>(i), size);
    EXPECT_TRUE(seen.insert(block).second);
    blocks.push_back(block);
  }
  EXPECT_GE(pool.reserved_bytes(), 3 * SmallBlockPool::kChunkBytes);
  const size_t reserved = pool.reserved_bytes();
  for (size_t i = 0; i < count; ++i) {
    EXPECT_EQ(static_cast<unsigned char*>(blocks[i])[size - 1], static_cast<unsigned char>(i));
    pool.release(blocks[i], size);
  }
  for (size_t i = 0; i < count; ++i) ASSERT_NE(pool.allocate(size), nullptr);
  EXPECT_EQ(pool.reserved_bytes(), reserved);  // all reused, no new chunk
}

// Once small chunks hold kSmallChunksUpTo, each new chunk is one huge page's worth, aligned
// to its size so that a huge page can back it whole; its first block follows the chunk head.
TEST(SmallBlockPoolTest, GrowsInHugePageChunksOnceTheHeapIsLarge) {
  SmallBlockPool pool;
  const size_t size = SmallBlockPool::kMaxBlockBytes;
  while (pool.reserved_bytes() < SmallBlockPool::kSmallChunksUpTo) {
    ASSERT_NE(pool.allocate(size), nullptr);
  }
  EXPECT_EQ(pool.reserved_bytes(), SmallBlockPool::kSmallChunksUpTo);
  // Use up the last small chunk; the allocation that starts the next chunk is its first block.
  const size_t before = pool.reserved_bytes();
  char* block = nullptr;
  while (pool.reserved_bytes() == before) block = static_cast<char*>(pool.allocate(size));
  ASSERT_NE(block, nullptr);
  EXPECT_EQ(pool.reserved_bytes(), before + SmallBlockPool::kHugeChunkBytes);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(block) % SmallBlockPool::kHugeChunkBytes, kGranule);
  // The whole chunk is usable: as many more blocks as fit, all in it, then a second one.
  const size_t fit = (SmallBlockPool::kHugeChunkBytes - kGranule) / size;
  for (size_t i = 1; i < fit; ++i) {
    auto* next = static_cast<char*>(pool.allocate(size));
    ASSERT_EQ(next, block + i * size);
    next[size - 1] = 1;
  }
  ASSERT_NE(pool.allocate(size), nullptr);
  EXPECT_EQ(pool.reserved_bytes(), before + 2 * SmallBlockPool::kHugeChunkBytes);
}

}  // namespace
}  // namespace kosmo::lua
