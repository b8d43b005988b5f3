#pragma once
// app.paginate(fn, args [, {max_pages = N, max_items = N}]): an iterator over the items of every
// page of a list function, for use in a generic for:
//   for item, page in app.paginate(app.integrations.sinch.list_groups, {page_size = 50}) do … end
// Each page is one call of `fn` (policy, retries and the call log apply to every page); how the
// pages follow each other is the dispatcher's PageWalker, the walk itself a Pager.
#include <lua.hpp>

namespace kosmo::lua {

int app_paginate(lua_State* L);

}  // namespace kosmo::lua
