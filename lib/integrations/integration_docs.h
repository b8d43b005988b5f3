#pragma once
// Docs pages generated from the catalog (spec §3.3): an integration page is the hand-written
// lua_docs/integrations/<name>.md followed by a function reference generated from the manifest;
// a function page is generated. Names in the docs therefore cannot disagree with the catalog.
#include <functional>
#include <memory>
#include <string>

#include "lib/integrations/catalog.h"
#include "lib/lua/doc_registry.h"

namespace kosmo::integrations {

// A one-word status shown next to each integration in the docs index ("configured",
// "not configured", "disabled").
using StatusOf = std::function<std::string(const Manifest&)>;

// `catalog` gives null when the catalog failed to load: the docs then list no integration (the
// commands and calls that need the catalog report the failure as config_error).
std::shared_ptr<const lua::DocSource> make_integration_doc_source(
    std::function<const Catalog*()> catalog, StatusOf status);

// The generated reference of one function (also used by `integrations:docs`).
std::string function_page(const Manifest& manifest, const Function& function);

// A Lua call with placeholder values for the required parameters.
std::string example_call(const Manifest& manifest, const Function& function);

}  // namespace kosmo::integrations
