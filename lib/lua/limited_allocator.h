#pragma once
// The lua_Alloc behind every sandbox: counts the Lua heap and refuses to grow it past the
// memory limit, which Lua turns into a memory error. The byte count is also what the envelope
// reports as `memory_usage`.
//
// One exception: runaway recursion. Its call frames live in this heap and fill it long before
// Lua's own stack limit is reached, which made unbounded recursion a memory_limit failure that
// pcall could not catch. When an allocation would pass the limit, the owner's recursion check
// may claim it (stack_overflow.h); the allocator then grants up to kStackOverflowReserveBytes
// more while the resulting "stack overflow" error unwinds, and closes the reserve once the heap
// is back under the limit.
//
// Blocks of up to SmallBlockPool::kMaxBlockBytes come from a pool owned by the allocator (so it
// must outlive the state), blocks of kLargeBlockBytes and more are mappings of their own
// (large_block.h: huge pages, growth by mremap), the rest come from malloc; the count and the
// limit see the sizes Lua asked for either way.
#include <atomic>
#include <cstddef>
#include <functional>

#include "lib/lua/small_block_pool.h"

namespace kosmo::lua {

class LimitedAllocator {
 public:
  explicit LimitedAllocator(size_t limit_bytes) : limit_(limit_bytes), ceiling_(limit_bytes) {}

  // Matches lua_Alloc; `ud` is the LimitedAllocator.
  static void* allocate(void* ud, void* ptr, size_t old_size, size_t new_size);

  // Relaxed atomics (plain moves on the allocation path): readable from any thread without a
  // data race, though only the sandbox's thread reads them since the last resort writes none.
  size_t used() const { return used_.load(std::memory_order_relaxed); }
  // Memory the run holds outside the Lua heap on the script's behalf (the call log): it counts
  // against the limit, so the heap may grow only to the limit minus this; used() leaves it out.
  void set_outside_bytes(size_t bytes) { outside_.store(bytes, std::memory_order_relaxed); }
  size_t outside_bytes() const { return outside_.load(std::memory_order_relaxed); }
  size_t limit() const { return limit_; }
  // What the small-block pool took from malloc: the heap's footprint beyond used(), kept until
  // the allocator is destroyed. Lua thread only.
  size_t pool_reserved_bytes() const { return pool_.reserved_bytes(); }
  bool limit_hit() const { return state_ == State::kLimitHit; }
  // A new run in the same state (REPL line) starts with the plain limit again.
  void rearm();
  // Called once, on the Lua thread, the first time an allocation is refused.
  void on_limit(std::function<void()> callback) { on_limit_ = std::move(callback); }
  // Asked, on the Lua thread and without allocating, when an allocation would pass the limit:
  // true when runaway recursion is the cause and a catchable "stack overflow" error has been
  // arranged, so the reserve opens instead of the limit tripping.
  void on_deep_recursion(std::function<bool()> check) { deep_recursion_ = std::move(check); }

 private:
  enum class State { kWithinLimit, kUnwindingRecursion, kLimitHit };

  bool fits(size_t growth) const {
    const size_t taken = used() + outside_bytes();
    return growth <= ceiling_ && taken <= ceiling_ - growth;
  }
  // Whether `growth` more bytes may be allocated; past the limit, decides between the reserve
  // and the trip.
  bool admit(size_t growth);
  // After the heap shrank: closes the reserve once the heap is back under the limit.
  void settle();
  // realloc and free, each block where its size says: the pool, or resize_sized_block's.
  void* resize(void* block, size_t old_size, size_t new_size);
  void release(void* block, size_t size);

  std::atomic<size_t> used_{0};
  std::atomic<size_t> outside_{0};
  size_t limit_;
  size_t ceiling_;  // what the heap may reach in the current state
  State state_ = State::kWithinLimit;
  std::function<void()> on_limit_;
  std::function<bool()> deep_recursion_;
  SmallBlockPool pool_;
};

}  // namespace kosmo::lua
