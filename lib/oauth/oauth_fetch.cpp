#include "lib/oauth/oauth_fetch.h"

#include "lib/oauth/oauth_urls.h"

namespace kosmo::oauth {
namespace {

// Metadata and token answers are small; a server that sends more is not one to trust.
constexpr size_t kLargestAnswerBytes = 1 << 20;

}  // namespace

std::string url_for_messages(std::string_view url) {
  return std::string(url.substr(0, url.find_first_of("?#")));
}

Outcome<FetchAnswer> OAuthFetch::get(const std::string& url) const {
  http::HttpRequest request;
  request.method = "GET";
  request.url = url;
  request.headers = {{"Accept", "application/json"}};
  return send(std::move(request));
}

Outcome<FetchAnswer> OAuthFetch::post_json(const std::string& url, std::string body) const {
  http::HttpRequest request;
  request.method = "POST";
  request.url = url;
  request.headers = {{"Accept", "application/json"}, {"Content-Type", "application/json"}};
  request.body = std::move(body);
  request.has_body = true;
  return send(std::move(request));
}

Outcome<FetchAnswer> OAuthFetch::post_form(const TokenRequest& form) const {
  http::HttpRequest request;
  request.method = "POST";
  request.url = form.url;
  request.headers = form.headers;
  request.headers.emplace_back("Accept", "application/json");
  request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  request.body = form_body(form.fields);
  request.has_body = true;
  return send(std::move(request));
}

Outcome<FetchAnswer> OAuthFetch::send(http::HttpRequest request) const {
  request.total_timeout_s = timeout_s_;
  request.connect_timeout_s = std::min(10.0, timeout_s_);
  request.max_body_bytes = kLargestAnswerBytes;
  request.retry_allowed = false;
  const http::HttpResult result = client_.send(request);
  if (!result.transport_ok) {
    return Failure{ErrorCode::kAuthRequired, "could not reach " + url_for_messages(request.url) +
                                                 ": " + result.transport_error};
  }
  return FetchAnswer{result.response.status, result.response.body};
}

}  // namespace kosmo::oauth
