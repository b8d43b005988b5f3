#pragma once
// Turns the HTTP result of a call into the call's outcome: decoded data for 2xx (or
// {content_type, body} for raw functions), otherwise the error message in the integration's
// own format (spec §4: "Sinch API error (403): …"). Messages and data are redacted by the
// caller, except a binary raw body: its bytes are redacted here, before they are base64-encoded
// (the encoded text would only show the secret's own base64 forms, not the others).
#include "lib/http/http_client.h"
#include "lib/http/redactor.h"
#include "lib/integrations/manifest.h"
#include "lib/integrations/request_builder.h"
#include "lib/lua/dispatcher.h"

namespace kosmo::integrations {

void read_response(const Manifest& manifest, const Function& function, const BuiltRequest& built,
                   const http::HttpResult& result, const http::Redactor& redactor,
                   lua::CallOutcome& outcome);

}  // namespace kosmo::integrations
