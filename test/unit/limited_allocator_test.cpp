// LimitedAllocator: the heap count, the limit and its trip, and the reserve a runaway recursion
// gets while its "stack overflow" error unwinds.
#include "lib/lua/limited_allocator.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "lib/common/large_block.h"
#include "lib/lua/limits.h"
#include "lib/lua/small_block_pool.h"

namespace kosmo::lua {
namespace {

constexpr size_t kLimit = 64 * 1024;

class LimitedAllocatorTest : public ::testing::Test {
 protected:
  LimitedAllocatorTest() {
    allocator_.on_limit([this] { ++trips_; });
  }
  ~LimitedAllocatorTest() override {
    while (!blocks_.empty()) release_last();
  }

  // A fresh block of `size` bytes, kept until the test ends or release() frees it.
  bool grab(size_t size) {
    void* block = LimitedAllocator::allocate(&allocator_, nullptr, 0, size);
    if (block == nullptr) return false;
    blocks_.push_back(block);
    sizes_.push_back(size);
    return true;
  }
  void release_last() {
    LimitedAllocator::allocate(&allocator_, blocks_.back(), sizes_.back(), 0);
    blocks_.pop_back();
    sizes_.pop_back();
  }

  LimitedAllocator allocator_{kLimit};
  int trips_ = 0;
  std::vector<void*> blocks_;
  std::vector<size_t> sizes_;
};

TEST_F(LimitedAllocatorTest, CountsTheHeapAndTripsOnceAtTheLimit) {
  ASSERT_TRUE(grab(kLimit / 2));
  EXPECT_EQ(allocator_.used(), kLimit / 2);
  EXPECT_FALSE(grab(kLimit));
  EXPECT_TRUE(allocator_.limit_hit());
  EXPECT_EQ(trips_, 1);
  // After the trip, error handling gets some headroom; a second refusal trips nothing more.
  EXPECT_TRUE(grab(kLimit / 2 + kMemoryHeadroomBytes / 2));
  EXPECT_FALSE(grab(kMemoryHeadroomBytes));
  EXPECT_EQ(trips_, 1);
}

TEST_F(LimitedAllocatorTest, DeepRecursionOpensTheReserveInsteadOfTripping) {
  int asked = 0;
  allocator_.on_deep_recursion([&asked] {
    ++asked;
    return true;
  });
  ASSERT_TRUE(grab(kLimit - 100));
  EXPECT_TRUE(grab(1000));  // past the limit: the reserve
  EXPECT_EQ(asked, 1);
  EXPECT_TRUE(grab(kStackOverflowReserveBytes / 2));  // still the reserve: not asked again
  EXPECT_EQ(asked, 1);
  EXPECT_FALSE(allocator_.limit_hit());
  EXPECT_EQ(trips_, 0);
  EXPECT_FALSE(grab(kStackOverflowReserveBytes));  // beyond the reserve: the limit trips
  EXPECT_EQ(trips_, 1);
}

TEST_F(LimitedAllocatorTest, TheReserveClosesOnceTheHeapIsBackUnderTheLimit) {
  int asked = 0;
  allocator_.on_deep_recursion([&asked] {
    ++asked;
    return true;
  });
  ASSERT_TRUE(grab(kLimit - 100));
  ASSERT_TRUE(grab(1000));
  release_last();           // the error unwound; the heap is under the limit again
  EXPECT_TRUE(grab(1000));  // past the limit again: the check is asked again
  EXPECT_EQ(asked, 2);
  EXPECT_EQ(trips_, 0);
}

TEST_F(LimitedAllocatorTest, NotDeepTripsAsBefore) {
  allocator_.on_deep_recursion([] { return false; });
  ASSERT_TRUE(grab(kLimit - 100));
  EXPECT_FALSE(grab(1000));
  EXPECT_EQ(trips_, 1);
}

TEST_F(LimitedAllocatorTest, RearmRestoresThePlainLimit) {
  ASSERT_TRUE(grab(kLimit - 100));
  EXPECT_FALSE(grab(1000));
  ASSERT_TRUE(allocator_.limit_hit());
  allocator_.rearm();
  EXPECT_FALSE(allocator_.limit_hit());
  EXPECT_FALSE(grab(1000));
  EXPECT_EQ(trips_, 2);
}

// Memory held outside the heap on the script's behalf (the call log) leaves less for the heap,
// and used(), the envelope's memory_usage, still counts the heap alone.
TEST_F(LimitedAllocatorTest, OutsideBytesCountAgainstTheLimit) {
  allocator_.set_outside_bytes(kLimit / 2);
  ASSERT_TRUE(grab(kLimit / 4));
  EXPECT_EQ(allocator_.used(), kLimit / 4);
  EXPECT_FALSE(grab(kLimit / 2));
  EXPECT_TRUE(allocator_.limit_hit());
  EXPECT_EQ(trips_, 1);
}

// A block resized between pool classes, out of the pool into malloc and back keeps its bytes,
// and the count follows the sizes Lua asked for, down to zero.
TEST_F(LimitedAllocatorTest, ResizeAcrossSizeClassesKeepsTheBytesAndTheCount) {
  void* block = LimitedAllocator::allocate(
      &allocator_, nullptr, 5 /* LUA_TTABLE: a fresh block's old_size is a type */, 20);
  ASSERT_NE(block, nullptr);
  std::memcpy(block, "0123456789abcdefghi", 20);
  EXPECT_EQ(allocator_.used(), 20u);
  const size_t sizes[] = {24, 100, SmallBlockPool::kMaxBlockBytes, 1000, 30, 17};
  size_t old_size = 20;
  for (const size_t size : sizes) {
    block = LimitedAllocator::allocate(&allocator_, block, old_size, size);
    ASSERT_NE(block, nullptr) << size;
    EXPECT_EQ(std::memcmp(block, "0123456789abcdefg", 17), 0) << size;
    EXPECT_EQ(allocator_.used(), size);
    old_size = size;
  }
  EXPECT_EQ(LimitedAllocator::allocate(&allocator_, block, old_size, 0), nullptr);
  EXPECT_EQ(allocator_.used(), 0u);
}

// Lua reallocates a table's parts and a buffer's box through every size; a block that grows into
// a mapping of its own (large_block.h) and back into malloc keeps its bytes and its count.
TEST(LimitedAllocatorLargeBlockTest, ResizeIntoAndOutOfAMappingKeepsTheBytesAndTheCount) {
  LimitedAllocator allocator(size_t{1} << 30);
  size_t old_size = 1000;
  auto* block =
      static_cast<unsigned char*>(LimitedAllocator::allocate(&allocator, nullptr, 0, old_size));
  ASSERT_NE(block, nullptr);
  for (size_t i = 0; i < old_size; ++i) block[i] = static_cast<unsigned char>(i * 7);
  const size_t sizes[] = {kLargeBlockBytes - 1, kLargeBlockBytes, 5 * kLargeBlockBytes + 3,
                          2 * kLargeBlockBytes, 100000,           1000};
  for (const size_t size : sizes) {
    block =
        static_cast<unsigned char*>(LimitedAllocator::allocate(&allocator, block, old_size, size));
    ASSERT_NE(block, nullptr) << size;
    for (size_t i = 0; i < 1000; ++i) {
      ASSERT_EQ(block[i], static_cast<unsigned char>(i * 7)) << "byte " << i << " at size " << size;
    }
    block[size - 1] = 0xAB;  // the whole block is writable
    EXPECT_EQ(allocator.used(), size);
    old_size = size;
  }
  EXPECT_EQ(LimitedAllocator::allocate(&allocator, block, old_size, 0), nullptr);
  EXPECT_EQ(allocator.used(), 0u);
}

#ifndef KOSMO_SANITIZED  // under ASan every block goes to malloc, which may move it
// A resize within one class keeps the block where it is. ASSERT: a moved block must not be
// freed again through its old address.
TEST_F(LimitedAllocatorTest, ResizeWithinAClassKeepsTheBlock) {
  void* block = LimitedAllocator::allocate(&allocator_, nullptr, 0, 33);
  ASSERT_NE(block, nullptr);
  ASSERT_EQ(LimitedAllocator::allocate(&allocator_, block, 33, 48), block);
  ASSERT_EQ(LimitedAllocator::allocate(&allocator_, block, 48, 40), block);
  EXPECT_EQ(allocator_.used(), 40u);
  LimitedAllocator::allocate(&allocator_, block, 40, 0);
  EXPECT_EQ(allocator_.used(), 0u);
}

// Freed small blocks go back to the pool and are handed out again: a thousand allocate/free
// rounds take one chunk.
TEST_F(LimitedAllocatorTest, FreedSmallBlocksAreReused) {
  for (int round = 0; round < 1000; ++round) {
    ASSERT_TRUE(grab(200));
    ASSERT_TRUE(grab(24));
    release_last();
    release_last();
  }
  EXPECT_EQ(allocator_.used(), 0u);
  EXPECT_EQ(allocator_.pool_reserved_bytes(), SmallBlockPool::kChunkBytes);
}

// The limit is checked before the pool is asked: a refused small block takes no chunk, and the
// limit trips as for any other block.
TEST_F(LimitedAllocatorTest, ALimitHitBeforeAPoolRefillTakesNoChunk) {
  ASSERT_TRUE(grab(kLimit - 100));  // malloc's
  EXPECT_EQ(allocator_.pool_reserved_bytes(), 0u);
  EXPECT_FALSE(grab(200));
  EXPECT_EQ(trips_, 1);
  EXPECT_EQ(allocator_.pool_reserved_bytes(), 0u);
  EXPECT_EQ(allocator_.used(), kLimit - 100);
  release_last();
  allocator_.rearm();
  EXPECT_TRUE(grab(200));
  EXPECT_EQ(allocator_.pool_reserved_bytes(), SmallBlockPool::kChunkBytes);
}

// Small blocks are counted at the size Lua asked for, not the pool's rounded size, so
// memory_usage reads as it did with malloc alone.
TEST_F(LimitedAllocatorTest, SmallBlocksCountTheirRequestedSize) {
  ASSERT_TRUE(grab(1));
  ASSERT_TRUE(grab(17));
  ASSERT_TRUE(grab(SmallBlockPool::kMaxBlockBytes));
  EXPECT_EQ(allocator_.used(), 1u + 17u + SmallBlockPool::kMaxBlockBytes);
}
#endif

}  // namespace
}  // namespace kosmo::lua
