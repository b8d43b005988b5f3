#pragma once
// The lua_Alloc behind every sandbox: counts the Lua heap and refuses to grow it past the
// memory limit, which Lua turns into a memory error. The byte count is also what the envelope
// reports as `memory_usage`.
#include <atomic>
#include <cstddef>
#include <functional>

namespace kosmo::lua {

class LimitedAllocator {
 public:
  explicit LimitedAllocator(size_t limit_bytes) : limit_(limit_bytes) {}

  // Matches lua_Alloc; `ud` is the LimitedAllocator.
  static void* allocate(void* ud, void* ptr, size_t old_size, size_t new_size);

  // Read by the watchdog thread too (last-resort envelope), hence relaxed atomics: plain moves
  // on the allocation path.
  size_t used() const { return used_.load(std::memory_order_relaxed); }
  size_t limit() const { return limit_; }
  bool limit_hit() const { return limit_hit_; }
  // A new run in the same state (REPL line) starts with the plain limit again.
  void rearm() { limit_hit_ = false; }
  // Called once, on the Lua thread, the first time an allocation is refused.
  void on_limit(std::function<void()> callback) { on_limit_ = std::move(callback); }

 private:
  std::atomic<size_t> used_{0};
  size_t limit_;
  bool limit_hit_ = false;
  std::function<void()> on_limit_;
};

}  // namespace kosmo::lua
