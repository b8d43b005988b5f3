#pragma once
// Turns the HTTP result of a call into the call's outcome: decoded data for 2xx (or
// {content_type, body} for raw functions), otherwise the error message in the integration's
// own format (spec §4: "Sinch API error (403): …"). Messages are redacted by the caller.
#include "lib/http/http_client.h"
#include "lib/integrations/manifest.h"
#include "lib/integrations/request_builder.h"
#include "lib/lua/dispatcher.h"

namespace kosmo::integrations {

void read_response(const Manifest& manifest, const Function& function, const BuiltRequest& built,
                   const http::HttpResult& result, lua::CallOutcome& outcome);

}  // namespace kosmo::integrations
