#pragma once
// The URL part of a request built from a manifest: the base URL (the manifest's or function's
// default, or the account's override, normalised), the path prefix and the function's path
// template with its parameters percent-encoded, or a caller-given path that is validated so
// the request can never leave the configured host.
#include <rapidjson/document.h>

#include <map>
#include <string>

#include "lib/common/outcome.h"
#include "lib/integrations/manifest.h"

namespace kosmo::integrations {

using Credentials = std::map<std::string, std::string>;

// Failures below are integration_error with a user-facing message ending "No external call was
// made.", except a base URL placeholder without a credential (not_configured).

// "https://host/base" + prefix, no trailing slash.
Outcome<std::string> build_base_url(const Manifest& manifest, const Function& function,
                                    const Credentials& credentials);

// The function's path after substitution ("/groups/g%201"); fails for a missing or unsafe value.
Outcome<std::string> build_relative_path(const Function& function,
                                         const rapidjson::Value& arguments);

// Checks a caller-given relative path (kRawPath) and returns it normalised: one leading '/',
// an optional leading "/v1" removed when `base_url` already ends with it. Rejects absolute URLs,
// "." and ".." segments, backslashes, control characters, '#', and unfilled {templates}.
Outcome<std::string> checked_raw_path(std::string path, const std::string& base_url);

}  // namespace kosmo::integrations
