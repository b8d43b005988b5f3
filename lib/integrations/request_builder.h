#pragma once
// Builds the HTTP request of one function call from its manifest, the bound arguments and the
// account's credentials: base URL (or the account's override), path template, query string,
// JSON body, manifest and function headers, and authentication.
#include <rapidjson/document.h>

#include <map>
#include <string>
#include <string_view>

#include "lib/common/outcome.h"
#include "lib/http/http_client.h"
#include "lib/integrations/manifest.h"
#include "lib/integrations/url_builder.h"

namespace kosmo::integrations {

struct BuiltRequest {
  http::HttpRequest http;
  // What a dry run reports: the URL without its query, the query as an object, the body.
  std::string_view url_without_query() const {
    return std::string_view(http.url).substr(0, query_at);
  }
  rapidjson::Document query{rapidjson::kObjectType};
  rapidjson::Document body;  // null when there is none
  // The function path after substitution, for error messages: the route cassettes match on.
  const std::string& relative_path() const { return http.route_path; }
  size_t query_at = 0;  // where http.url's query starts ("?"), or its length
};

// Fails (url_builder.h) when a path or URL placeholder has no value or a path is unsafe.
// `base_url`: what build_base_url gives for this function and these credentials, when the caller
// keeps it from an earlier call; null: built here.
Outcome<BuiltRequest> build_request(const Manifest& manifest, const Function& function,
                                    const rapidjson::Value& arguments,
                                    const Credentials& credentials,
                                    const std::string* base_url = nullptr);

// The authentication of `function`: its own (another API generation) or the manifest's.
const Auth& auth_of(const Manifest& manifest, const Function& function);
// The credential field a bearer/header scheme sends (the function's override first).
std::string auth_credential_field(const Manifest& manifest, const Function& function);

}  // namespace kosmo::integrations
