#include "lib/cli/base_url_probe.h"

#include "lib/http/redactor.h"
#include "lib/integrations/url_builder.h"

namespace kosmo::cli {

ProbeResult probe_base_url(const integrations::Manifest& manifest,
                           const config::ResolvedCredentials& credentials,
                           http::HttpClient* client) {
  http::Redactor redactor;
  for (const std::string& secret : credentials.secret_values) redactor.add_secret(secret);
  ProbeResult result;
  // The host's root, without the path prefix: the prefix may need an account value (Sinch's
  // service plan), and reachability is about the host.
  integrations::Function root;
  root.path_prefix = std::string();
  const Outcome<std::string> url = integrations::build_base_url(manifest, root, credentials.values);
  if (!url) {
    result.error = redactor.redact(url.error().message);
    return result;
  }
  result.url = redactor.redact(*url);
  if (client == nullptr) {
    result.error = "not checked (--offline)";
    return result;
  }
  http::HttpRequest request;
  request.method = "GET";
  request.url = *url;
  request.connect_timeout_s = kProbeConnectTimeoutSeconds;
  request.total_timeout_s = kProbeTotalTimeoutSeconds;
  request.retry_allowed = false;
  request.max_body_bytes = 64 * 1024;
  const http::HttpResult answer = client->send(request);
  result.checked = true;
  // An oversized body still proves that the host answered.
  result.reachable = answer.transport_ok || answer.body_too_large;
  if (answer.response.status != 0) result.http_status = answer.response.status;
  if (!*result.reachable) result.error = redactor.redact(answer.transport_error);
  return result;
}

}  // namespace kosmo::cli
