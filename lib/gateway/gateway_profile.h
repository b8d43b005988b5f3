#pragma once
// The gateway's selection and policy for one `mcp:serve`: the command line's flags, then the
// config profile named by --profile, then the defaults (KosmoKrator's McpGatewayProfileFactory).
// The profile is read from `kosmo.mcp_gateway.profiles.<name>`, else KosmoKrator's older keys
// `mcp_gateway.profiles.<name>`, `kosmo.mcp_proxy.profiles.<name>`, `mcp_proxy.profiles.<name>`:
//
//   kosmo:
//     mcp_gateway:
//       profiles:
//         support:
//           integrations: { include: [missive, sinch] }   # or a list, or "a,b"
//           upstream_mcp: { include: [github] }           # or upstreams: / mcp:
//           write_policy: deny                            # or allow
//           expose_resources: true
//           expose_prompts: true
//           max_result_chars: 50000                       # at least 1000
//           force: false
#include <cstddef>
#include <string>
#include <vector>

#include "lib/common/outcome.h"
#include "lib/config/kosmo_config.h"
#include "lib/gateway/gateway_flags.h"

namespace kosmo::gateway {

struct GatewayProfile {
  std::vector<std::string> integrations;  // names as selected (matched by identifier() too)
  std::vector<std::string> upstreams;
  bool allow_writes = false;  // write_policy allow: write tools listed and sent with force
  bool expose_resources = true;
  bool expose_prompts = true;
  size_t max_result_chars = 50000;
  bool force = false;
};

// Fails with kUsage when --profile names a profile no config defines. `project` (may be null)
// is consulted after `user` for the profile; a project profile cannot set write_policy: allow or
// force (a repository must not widen what an agent may do), which is ignored with a warning.
Outcome<GatewayProfile> resolve_profile(const GatewayFlags& flags, const config::KosmoConfig& user,
                                        const config::KosmoConfig* project = nullptr);

}  // namespace kosmo::gateway
