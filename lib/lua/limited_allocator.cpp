#include "lib/lua/limited_allocator.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "lib/common/large_block.h"
#include "lib/lua/limits.h"

namespace kosmo::lua {
namespace {

// Under AddressSanitizer every block goes to malloc, so that ASan still sees each Lua block's
// bounds and lifetime (a pool's block is just bytes inside a larger live chunk to it).
#ifdef KOSMO_SANITIZED
constexpr bool kPooled = false;
#else
constexpr bool kPooled = true;
#endif

bool pooled(size_t size) { return kPooled && SmallBlockPool::serves(size); }

}  // namespace

void* LimitedAllocator::allocate(void* ud, void* ptr, size_t old_size, size_t new_size) {
  auto* self = static_cast<LimitedAllocator*>(ud);
  // For a fresh allocation Lua passes the object's type in old_size, not a size.
  if (ptr == nullptr) old_size = 0;
  if (new_size == 0) {
    self->release(ptr, old_size);
    self->used_.store(self->used() - old_size, std::memory_order_relaxed);
    self->settle();
    return nullptr;
  }
  // fits() first: the common case needs no call.
  if (new_size > old_size && !self->fits(new_size - old_size) &&
      !self->admit(new_size - old_size)) {
    return nullptr;
  }
  void* block = self->resize(ptr, old_size, new_size);
  if (block == nullptr) return nullptr;
  self->used_.store(self->used() - old_size + new_size, std::memory_order_relaxed);
  if (new_size < old_size) self->settle();
  return block;
}

// Which of the pool and the sized blocks (malloc, or a mapping from kLargeBlockBytes on: see
// large_block.h) holds a block follows from its size alone, so a block whose size crosses a
// boundary moves to where its new size belongs.
void* LimitedAllocator::resize(void* block, size_t old_size, size_t new_size) {
  const bool from_pool = pooled(old_size);
  const bool to_pool = pooled(new_size);
  if (!from_pool && !to_pool) return resize_sized_block(block, old_size, new_size);
  if (from_pool && to_pool && SmallBlockPool::same_class(old_size, new_size)) return block;
  void* moved = to_pool ? pool_.allocate(new_size) : resize_sized_block(nullptr, 0, new_size);
  if (moved == nullptr || block == nullptr) return moved;
  std::memcpy(moved, block, std::min(old_size, new_size));
  release(block, old_size);
  return moved;
}

void LimitedAllocator::release(void* block, size_t size) {
  if (pooled(size)) {
    pool_.release(block, size);
  } else {
    free_sized_block(block, size);
  }
}

bool LimitedAllocator::admit(size_t growth) {
  if (fits(growth)) return true;
  if (state_ == State::kWithinLimit && deep_recursion_ && deep_recursion_()) {
    state_ = State::kUnwindingRecursion;
    ceiling_ = limit_ + kStackOverflowReserveBytes;
    if (fits(growth)) return true;
  }
  if (state_ != State::kLimitHit) {
    state_ = State::kLimitHit;
    // Error handling itself needs some heap.
    ceiling_ += kMemoryHeadroomBytes;
    if (on_limit_) on_limit_();
  }
  return false;
}

void LimitedAllocator::settle() {
  if (state_ == State::kUnwindingRecursion && used() <= limit_) {
    state_ = State::kWithinLimit;
    ceiling_ = limit_;
  }
}

void LimitedAllocator::rearm() {
  state_ = State::kWithinLimit;
  ceiling_ = limit_;
}

}  // namespace kosmo::lua
