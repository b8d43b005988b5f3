#pragma once
// The HTTP exchanges of authorizing: metadata GETs, registration and token POSTs. They go
// through an HttpClient of their own (not the run's stack): they are never recorded into a
// cassette, retried as vendor calls are, or shown by -v's exchange log with their bodies.
#include <string>
#include <string_view>

#include "lib/common/outcome.h"
#include "lib/http/http_client.h"
#include "lib/oauth/client_authentication.h"

namespace kosmo::oauth {

struct FetchAnswer {
  int status = 0;
  std::string body;
};

class OAuthFetch {
 public:
  OAuthFetch(http::HttpClient& client, double timeout_s) : client_(client), timeout_s_(timeout_s) {}

  // Fails (kAuthRequired, naming the URL without its query) only when no answer arrived.
  Outcome<FetchAnswer> get(const std::string& url) const;
  Outcome<FetchAnswer> post_json(const std::string& url, std::string body) const;
  Outcome<FetchAnswer> post_form(const TokenRequest& request) const;

 private:
  Outcome<FetchAnswer> send(http::HttpRequest request) const;

  http::HttpClient& client_;
  double timeout_s_;
};

// `url` without its query string, for messages.
std::string url_for_messages(std::string_view url);

}  // namespace kosmo::oauth
