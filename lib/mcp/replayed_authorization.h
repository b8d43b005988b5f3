#pragma once
// --replay for an HTTP server kosmo would authorize in a live run (server_authorization.h). A
// cassette holds no credentials, so none are sent. But the recorded run may have drawn a refusal
// first (its first request went out before it had a token, or with one that had expired) and then
// sent the same request again with new credentials; the cassette keeps both answers, in order. A
// replayed refusal is therefore followed the way the recorded run followed it: the request goes
// again, and the cassette answers with what came next. A cassette with nothing after the refusal
// (a recorded run that could not authorize) ends in a replay miss.
#include <string>

#include "lib/mcp/request_authorization.h"

namespace kosmo::mcp {

class ReplayedAuthorization final : public RequestAuthorization {
 public:
  std::string header() override { return ""; }
  McpCheck refused(const http::HttpResponse&) override { return std::nullopt; }
};

}  // namespace kosmo::mcp
