#pragma once
// --replay: answers every request from a cassette and never touches the network. Exchanges are
// served in recorded order: each request takes the first unused interaction that matches it
// (scope, method, path, query, body), so a workflow that asks the same thing twice gets the
// two recorded answers in turn.
#include <string>
#include <vector>

#include "lib/http/cassette.h"
#include "lib/http/http_client.h"

namespace kosmo::http {

class ReplayHttpClient final : public HttpClient {
 public:
  ReplayHttpClient(std::vector<Interaction> interactions, std::string cassette_name)
      : interactions_(std::move(interactions)),
        used_(interactions_.size(), false),
        cassette_name_(std::move(cassette_name)) {}

  // When nothing recorded matches: a result with replay_miss set and the request named in
  // transport_error.
  HttpResult send(const HttpRequest& request) override;

 private:
  std::vector<Interaction> interactions_;
  std::vector<bool> used_;
  std::string cassette_name_;
};

}  // namespace kosmo::http
