#pragma once
// integrations:doctor's network check: one GET to an integration's base URL through kosmo's HTTP
// stack, with short timeouts and no retries or credentials. Any HTTP answer (401 and 404
// included) proves the host is reachable; only a transport failure (DNS, refused, timeout, TLS)
// does not. The URL and any error are redacted with the account's secrets, since a base URL
// override may carry them.
#include <optional>
#include <string>

#include "lib/config/credentials.h"
#include "lib/http/http_client.h"
#include "lib/integrations/manifest.h"

namespace kosmo::cli {

inline constexpr double kProbeConnectTimeoutSeconds = 3;
inline constexpr double kProbeTotalTimeoutSeconds = 5;

struct ProbeResult {
  std::string url;                   // "" when the base URL cannot be built yet
  bool checked = false;              // false offline, or without a URL
  std::optional<bool> reachable;     // unknown when not checked
  std::optional<int> http_status;    // the answer's status, when there was one
  std::optional<std::string> error;  // why it is not reachable or not checked
};

// `client` null: --offline, nothing is sent.
ProbeResult probe_base_url(const integrations::Manifest& manifest,
                           const config::ResolvedCredentials& credentials,
                           http::HttpClient* client);

}  // namespace kosmo::cli
