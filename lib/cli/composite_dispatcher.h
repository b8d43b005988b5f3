#pragma once
// Routes app.* calls by their first path segment: app.integrations.* to the integrations
// runtime, app.mcp.* and the mcp.* helpers to the MCP runtime.
#include "lib/lua/dispatcher.h"
#include "lib/lua/mcp_library.h"

namespace kosmo::cli {

class CompositeDispatcher : public lua::Dispatcher {
 public:
  CompositeDispatcher(lua::Dispatcher& integrations, lua::Dispatcher& mcp)
      : integrations_(integrations), mcp_(mcp) {}

  lua::CallOutcome call(const lua::CallRequest& request) override {
    return serving(request).call(request);
  }
  Outcome<std::unique_ptr<lua::PageWalker>> page_walker(const lua::CallRequest& request) override {
    return serving(request).page_walker(request);
  }

 private:
  lua::Dispatcher& serving(const lua::CallRequest& request) {
    const bool to_mcp = !request.path.empty() &&
                        (request.path[0] == "mcp" || request.path[0] == lua::kMcpHelperScope);
    return to_mcp ? mcp_ : integrations_;
  }

  lua::Dispatcher& integrations_;
  lua::Dispatcher& mcp_;
};

}  // namespace kosmo::cli
