#include "lib/http/replay_http_client.h"

namespace kosmo::http {
namespace {

bool matches(const CassetteRequest& recorded, const CassetteRequest& wanted) {
  return recorded.method == wanted.method && recorded.path == wanted.path &&
         recorded.query == wanted.query && recorded.body == wanted.body &&
         (recorded.scope.empty() || recorded.scope == wanted.scope);
}

}  // namespace

HttpResult ReplayHttpClient::send(const HttpRequest& request) {
  const CassetteRequest wanted = describe_request(request);
  for (size_t i = 0; i < interactions_.size(); ++i) {
    if (used_[i] || !matches(interactions_[i].request, wanted)) continue;
    used_[i] = true;
    return interactions_[i].result;
  }
  std::string described = wanted.method + " " + wanted.path;
  if (!wanted.query.empty()) described += "?" + wanted.query;
  if (!wanted.scope.empty()) described += " (" + wanted.scope + ")";
  if (!wanted.body.empty()) described += " with body " + wanted.body.substr(0, 200);
  HttpResult miss;
  miss.replay_miss = true;
  miss.attempts = 0;
  miss.transport_error =
      "Replay miss: " + cassette_name_ + " has no unused recorded exchange for " + described + ".";
  return miss;
}

}  // namespace kosmo::http
