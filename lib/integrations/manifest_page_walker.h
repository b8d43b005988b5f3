#pragma once
// The lua::PageWalker of a manifest function: reads a page by the function's `paging`
// description (cursor, page number, offset, Missive's `until` timestamps or a Link header) and
// works out the next page's arguments. Vendor facts live in the manifests; this file names no
// vendor.
#include <memory>

#include "lib/integrations/manifest.h"
#include "lib/lua/page_walker.h"

namespace kosmo::integrations {

// `function` (which has a `paging`) must outlive the walker: it lives in the loaded catalog.
std::unique_ptr<lua::PageWalker> make_page_walker(const Function& function);

}  // namespace kosmo::integrations
