// Mapped large blocks (lib/common/large_block.h): they keep their bytes through growth and
// shrinking, whether mremap extends them in place or moves them.
#include "lib/common/large_block.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>

namespace kosmo {
namespace {

// A byte pattern that differs at every offset within a page and across pages, so that a page
// copied to the wrong place shows.
uint8_t PatternAt(size_t offset) { return static_cast<uint8_t>(offset * 131 + offset / 4096); }

void Fill(void* block, size_t size) {
  auto* bytes = static_cast<uint8_t*>(block);
  for (size_t i = 0; i < size; ++i) bytes[i] = PatternAt(i);
}

// The offset of the first byte that is not the pattern, or `size`.
size_t FirstMismatch(const void* block, size_t size) {
  const auto* bytes = static_cast<const uint8_t*>(block);
  for (size_t i = 0; i < size; ++i) {
    if (bytes[i] != PatternAt(i)) return i;
  }
  return size;
}

TEST(LargeBlockTest, TheSizeAloneTellsWhetherABlockIsMapped) {
  EXPECT_FALSE(is_large_block(0));
  EXPECT_FALSE(is_large_block(kLargeBlockBytes - 1));
  EXPECT_EQ(is_large_block(kLargeBlockBytes), kMapLargeBlocks);
  EXPECT_EQ(is_large_block(kLargeBlockBytes * 100), kMapLargeBlocks);
}

TEST(LargeBlockTest, KeepsItsBytesWhileGrowingAndShrinking) {
  // Sizes that are not whole pages, so the rounding is exercised on every call.
  size_t size = kLargeBlockBytes + 123;
  void* block = map_large_block(size);
  ASSERT_NE(block, nullptr);
  Fill(block, size);
  // A second mapping right after the first makes in-place growth impossible at least once,
  // so the moving path runs too.
  void* neighbour = map_large_block(kLargeBlockBytes);
  ASSERT_NE(neighbour, nullptr);
  for (const size_t next : {3 * kLargeBlockBytes + 7, 9 * kLargeBlockBytes + 4095,
                            kLargeBlockBytes + 1, 2 * kLargeBlockBytes}) {
    void* moved = remap_large_block(block, size, next);
    ASSERT_NE(moved, nullptr) << next;
    const size_t kept = std::min(size, next);
    ASSERT_EQ(FirstMismatch(moved, kept), kept) << "after resizing to " << next;
    // The new part, if any, is zeroed anonymous memory; fill it for the next round.
    Fill(moved, next);
    block = moved;
    size = next;
  }
  unmap_large_block(neighbour, kLargeBlockBytes);
  unmap_large_block(block, size);
}

// An aligned block starts on its alignment and is writable to its last byte, whatever part of
// the over-sized mapping the kernel happened to place on a boundary.
TEST(LargeBlockTest, AlignedBlocksStartOnTheirAlignment) {
  constexpr size_t kAlignment = size_t{2} << 20;
  for (const size_t size : {kAlignment, kAlignment + 4096, 3 * kAlignment}) {
    void* block = map_aligned_large_block(size, kAlignment);
    ASSERT_NE(block, nullptr) << size;
    EXPECT_EQ(reinterpret_cast<uintptr_t>(block) % kAlignment, 0u) << size;
    Fill(block, size);
    EXPECT_EQ(FirstMismatch(block, size), size);
    unmap_large_block(block, size);
  }
}

}  // namespace
}  // namespace kosmo
