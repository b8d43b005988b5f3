// DELETE AT MERGE: the Streamable HTTP transport is another helper's (streamable_http_server.cpp
// on its branch). Until it lands, this branch links against this definition, which refuses
// --http plainly instead of pretending to serve.
#include <spdlog/spdlog.h>

#include "lib/common/error_codes.h"
#include "lib/gateway/streamable_http_server.h"

namespace kosmo::gateway {

int serve_streamable_http(const HttpServeOptions& options, const SessionFactory&,
                          const std::atomic<bool>&) {
  spdlog::error("mcp:serve --http {}:{}: the Streamable HTTP transport is not in this build",
                options.host, options.port);
  return kExitUsage;
}

}  // namespace kosmo::gateway
