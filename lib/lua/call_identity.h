#pragma once
// How KosmoKrator's call log names a call for display: `name`, `group` and `icon` beside the
// facts kosmo logs. Derived from the logged path and slug when the envelope is written, so the
// call log stores nothing more per call.
#include <string>

#include "lib/lua/call_log.h"

namespace kosmo::lua {

struct CallIdentity {
  std::string name;   // "Get Group" (integration), "fake.echo" (MCP tool), "mcp.call" (helper)
  std::string group;  // the integration or MCP server: "sinch", "fake"; "mcp" for the helpers
  std::string icon;   // KosmoKrator's defaults: "ph:wrench", MCP "ph:plugs-connected"
};

CallIdentity identify_call(const CallLogView& call);
inline CallIdentity identify_call(const CallLogEntry& entry) { return identify_call(entry.view()); }

}  // namespace kosmo::lua
