// json.decode on arbitrary bytes, called the way a script calls it: a fresh Lua state on the
// sandbox's LimitedAllocator, the json library installed as the sandbox installs it, the call
// made through lua_pcall. Every input must either decode to exactly one value or raise a clean
// "json.decode: ..." error; the Lua heap must be empty again once the state is closed.
//
// Each input that decodes runs a second time under a memory limit it is bound to hit halfway
// through, so the out-of-memory unwind through RapidJSON's reader and the Lua builder (Lua is
// built as C++: errors are exceptions) is exercised on every shape of document too.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "lib/lua/limited_allocator.h"
#include "lib/lua/limits.h"
#include "lib/lua/lua_json.h"

namespace {

using kosmo::lua::LimitedAllocator;

void check(bool condition) {
  if (!condition) std::abort();
}

// Pushes json.decode. Runs protected: installing allocates, and a memory error outside a
// protected call would end the process (the sandbox does the same in setup_protected).
int push_decode(lua_State* L) {
  kosmo::lua::install_json_support(L);
  kosmo::lua::push_json_library(L);
  lua_getfield(L, -1, "decode");
  return 1;
}

struct Run {
  bool decoded = false;
  size_t before_call = 0;  // Lua heap in use once json.decode and the text are on the stack
  size_t after_call = 0;
};

Run decode(std::string_view text, size_t memory_limit) {
  LimitedAllocator allocator(memory_limit);
  lua_State* L = lua_newstate(&LimitedAllocator::allocate, &allocator);
  check(L != nullptr);
  Run run;
  lua_pushcfunction(L, push_decode);
  check(lua_pcall(L, 0, 1, 0) == LUA_OK);
  lua_pushlstring(L, text.data(), text.size());
  run.before_call = allocator.used();
  const int status = lua_pcall(L, 1, 1, 0);
  run.after_call = allocator.used();
  check(lua_gettop(L) == 1);  // the result or the error message, nothing else
  if (status == LUA_OK) {
    run.decoded = true;
  } else if (status == LUA_ERRMEM) {
    check(allocator.limit_hit());
  } else {
    check(status == LUA_ERRRUN && lua_type(L, -1) == LUA_TSTRING);
    const char* message = lua_tostring(L, -1);
    // Syntax, depth, numbers, encoding, and the decoder's own "Lua stack exhausted".
    check(std::strncmp(message, "json.decode: ", 13) == 0);
  }
  lua_close(L);
  check(allocator.used() == 0);
  return run;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const Run run = decode(text, kosmo::lua::kDefaultMemoryLimitBytes);
  if (run.decoded && run.after_call > run.before_call) {
    decode(text, run.before_call + (run.after_call - run.before_call) / 2);
  }
  return 0;
}
