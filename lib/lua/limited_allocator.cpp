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

}  // namespace

LimitedAllocator::Home LimitedAllocator::home_of(size_t size) {
  if (kPooled && SmallBlockPool::serves(size)) return Home::kPool;
  return is_large_block(size) ? Home::kMapped : Home::kMalloc;
}

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

void* LimitedAllocator::resize(void* block, size_t old_size, size_t new_size) {
  const Home from = home_of(old_size);
  const Home to = home_of(new_size);
  if (block == nullptr) return allocate_in(to, new_size);
  if (from == Home::kMalloc && to == Home::kMalloc) return std::realloc(block, new_size);
  if (from == Home::kPool && to == Home::kPool && SmallBlockPool::same_class(old_size, new_size)) {
    return block;
  }
  if (from == Home::kMapped && to == Home::kMapped) {
    return remap_large_block(block, old_size, new_size);
  }
  void* moved = allocate_in(to, new_size);
  if (moved == nullptr) return nullptr;
  std::memcpy(moved, block, std::min(old_size, new_size));
  release(block, old_size);
  return moved;
}

void* LimitedAllocator::allocate_in(Home home, size_t size) {
  switch (home) {
    case Home::kPool:
      return pool_.allocate(size);
    case Home::kMapped:
      return map_large_block(size);
    case Home::kMalloc:
      break;
  }
  return std::malloc(size);
}

void LimitedAllocator::release(void* block, size_t size) {
  switch (home_of(size)) {
    case Home::kPool:
      pool_.release(block, size);
      return;
    case Home::kMapped:
      unmap_large_block(block, size);
      return;
    case Home::kMalloc:
      std::free(block);
      return;
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
