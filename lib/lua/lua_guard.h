#pragma once
// Lua is linked as C++ (liblua5.4-c++), so lua_error unwinds with an exception and C++
// destructors run. What must never happen is a C++ exception of ours crossing into the Lua VM:
// Lua's catch(...) would turn it into a bogus status. Every lua_CFunction we register is
// wrapped with `guarded<>`, which converts std::exception into an ordinary Lua error.
#include <exception>
#include <lua.hpp>
#include <new>
#include <string>

namespace kosmo::lua {

template <lua_CFunction F>
int guarded(lua_State* L) {
  std::string message;
  try {
    return F(L);
  } catch (const std::bad_alloc&) {
    message = "not enough memory";
  } catch (const std::exception& e) {
    message = e.what();
  }
  lua_pushlstring(L, message.data(), message.size());
  return lua_error(L);
}

}  // namespace kosmo::lua
