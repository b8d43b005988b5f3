#pragma once
// docs.read("mcp.<server>") and docs.read("mcp.<server>.<tool>"), generated from the server's
// live tool list (reading a page starts the server). The index lists configured servers
// without starting any.
#include <memory>

#include "lib/lua/doc_registry.h"
#include "lib/mcp/mcp_runtime.h"

namespace kosmo::mcp {

// `runtime` must outlive the source.
std::shared_ptr<const lua::DocSource> make_mcp_doc_source(McpRuntime& runtime);

}  // namespace kosmo::mcp
