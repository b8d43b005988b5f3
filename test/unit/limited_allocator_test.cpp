// LimitedAllocator: the heap count, the limit and its trip, and the reserve a runaway recursion
// gets while its "stack overflow" error unwinds.
#include "lib/lua/limited_allocator.h"

#include <gtest/gtest.h>

#include <vector>

#include "lib/lua/limits.h"

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

}  // namespace
}  // namespace kosmo::lua
