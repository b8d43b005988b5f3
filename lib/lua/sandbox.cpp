#include "lib/lua/sandbox.h"

#include <sched.h>

#include <stdexcept>

#include "lib/lua/lua_json.h"
#include "lib/lua/stack_overflow.h"

namespace kosmo::lua {

Sandbox::Sandbox(const SandboxOptions& options, const SandboxServices& services,
                 RunGuard::LastResort last_resort)
    : options_(options),
      last_resort_(std::move(last_resort)),
      allocator_(options.limits.memory_bytes),
      output_(options.limits.output_bytes) {
  L_ = lua_newstate(&LimitedAllocator::allocate, &allocator_);
  if (L_ == nullptr) throw std::runtime_error("cannot create a Lua state (memory limit too low?)");
  context_.output = &output_;
  context_.calls = &calls_;
  calls_.count_against(&allocator_);
  context_.dispatcher = services.dispatcher;
  context_.observer = services.observer;
  set_context(L_, &context_);
  new_guard();
  allocator_.on_limit([this] { guard_->trip(LimitKind::kMemory); });
  allocator_.on_deep_recursion([this] { return raise_stack_overflow_if_deep(guard_->running()); });
  setup_protected(services);
}

namespace {
struct SetupArgs {
  const SandboxOptions* options;
  const SandboxServices* services;
};
int setup(lua_State* L) {
  const auto* args = static_cast<const SetupArgs*>(lua_touserdata(L, 1));
  install_json_support(L);
  build_environment(L, *args->options, *args->services);
  return 0;
}
}  // namespace

// Setting up allocates and can therefore raise a memory error; outside a protected call Lua
// would abort the process, so it runs under lua_pcall.
void Sandbox::setup_protected(const SandboxServices& services) {
  SetupArgs args{&options_, &services};
  lua_pushcfunction(L_, setup);
  lua_pushlightuserdata(L_, &args);
  if (lua_pcall(L_, 1, 0, 0) != LUA_OK) {
    std::string message = lua_isstring(L_, -1) ? lua_tostring(L_, -1) : "unknown error";
    lua_close(L_);
    L_ = nullptr;
    throw std::runtime_error("cannot set up the Lua sandbox: " + message);
  }
}

Sandbox::~Sandbox() {
  retire_guard();
  if (L_ != nullptr) lua_close(L_);
}

// Unpublishes the guard and waits for an interrupt() running on another thread to be done
// with it. One running on this thread (a signal handler) has finished before this resumes.
void Sandbox::retire_guard() {
  live_guard_.store(nullptr);
  while (interrupts_running_.load() != 0) sched_yield();
  if (guard_) guard_->stop();
}

RunGuard& Sandbox::new_guard() {
  retire_guard();
  guard_ = std::make_unique<RunGuard>(L_, options_.limits, last_resort_);
  context_.guard = guard_.get();
  allocator_.rearm();
  lua_sethook(L_, nullptr, 0, 0);
  live_guard_.store(guard_.get());
  // An interruption is not undone by a new run: it starts stopped. Read after publishing, so a
  // signal that found no guard is not lost.
  if (const int signal = interrupt_signal_.load()) guard_->interrupt(signal);
  return *guard_;
}

void Sandbox::interrupt(int signal) {
  interrupts_running_.fetch_add(1);
  int none = 0;
  interrupt_signal_.compare_exchange_strong(none, signal);
  if (RunGuard* guard = live_guard_.load()) guard->interrupt(interrupt_signal_.load());
  interrupts_running_.fetch_sub(1);
}

}  // namespace kosmo::lua
