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
    return nullptr;
  }
  if (new_size > old_size) {
    const size_t ceiling = self->limit_hit_ ? self->limit_ + kMemoryHeadroomBytes : self->limit_;
    const size_t growth = new_size - old_size;
    if (growth > ceiling || self->used() > ceiling - growth) {
      if (!self->limit_hit_) {
        self->limit_hit_ = true;
        if (self->on_limit_) self->on_limit_();
      }
      return nullptr;
    }
  }
  void* block = std::realloc(ptr, new_size);
  if (block == nullptr) return nullptr;
  self->used_.store(self->used() - old_size + new_size, std::memory_order_relaxed);
  return block;
}

}  // namespace kosmo::lua
