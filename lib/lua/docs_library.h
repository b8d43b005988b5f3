#pragma once
// The docs.* helpers and the lua_read_doc alias over a DocRegistry.
#include <lua.hpp>

#include "lib/lua/doc_registry.h"

namespace kosmo::lua {

// Pushes the `docs` table (list, search, read). The registry must outlive the lua_State.
void push_docs_library(lua_State* L, const DocRegistry* registry);

}  // namespace kosmo::lua
