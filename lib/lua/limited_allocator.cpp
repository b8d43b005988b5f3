#include "lib/lua/limited_allocator.h"

#include <cstdlib>

#include "lib/lua/limits.h"

namespace kosmo::lua {

void* LimitedAllocator::allocate(void* ud, void* ptr, size_t old_size, size_t new_size) {
  auto* self = static_cast<LimitedAllocator*>(ud);
  // For a fresh allocation Lua passes the object's type in old_size, not a size.
  if (ptr == nullptr) old_size = 0;
  if (new_size == 0) {
    std::free(ptr);
    self->used_.store(self->used() - old_size, std::memory_order_relaxed);
    self->settle();
    return nullptr;
  }
  if (new_size > old_size && !self->admit(new_size - old_size)) return nullptr;
  void* block = std::realloc(ptr, new_size);
  if (block == nullptr) return nullptr;
  self->used_.store(self->used() - old_size + new_size, std::memory_order_relaxed);
  if (new_size < old_size) self->settle();
  return block;
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
