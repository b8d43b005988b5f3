#include "lib/oauth/token_response.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <cctype>

#include "lib/common/json_parse.h"
#include "lib/common/json_text.h"
#include "lib/common/text.h"

namespace kosmo::oauth {
namespace {

bool is_bearer(std::string_view text) {
  const std::string lowered = ascii_lower(text);
  return lowered.empty() || lowered == "bearer";
}

// Error descriptions are the server's words: kept short and on one line.
std::string one_line(std::string text) {
  constexpr size_t kLongest = 200;
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  if (text.size() > kLongest) text = text.substr(0, kLongest) + "...";
  return text;
}

}  // namespace

std::string TokenEndpointError::text() const {
  std::string text = "HTTP " + std::to_string(status);
  if (!error.empty()) text += ": " + error;
  if (!description.empty()) text += " (" + description + ")";
  return text;
}

namespace {

// The answer's JSON object and the error to report when it is not a usable one.
TokenEndpointError parse_answer(int status, std::string_view body, rapidjson::Document& document,
                                bool& usable) {
  const bool object = !parse_json(body, document).IsError() && document.IsObject();
  usable = object && status >= 200 && status < 300;
  return TokenEndpointError{
      status, object ? one_line(json::string_member(document, "error")) : "",
      object ? one_line(json::string_member(document, "error_description")) : ""};
}

}  // namespace

Outcome<std::string, TokenEndpointError> parse_exchanged_token(int status, std::string_view body,
                                                               std::string_view expected_type) {
  rapidjson::Document document;
  bool usable = false;
  TokenEndpointError failure = parse_answer(status, body, document, usable);
  if (!usable) return failure;
  std::string token = json::string_member(document, "access_token");
  const std::string issued = json::string_member(document, "issued_token_type");
  if (token.empty() || (!issued.empty() && issued != expected_type)) {
    failure.description = "the answer holds no token of type " + std::string(expected_type);
    return failure;
  }
  return token;
}

Outcome<TokenSet, TokenEndpointError> parse_token_response(int status, std::string_view body,
                                                           int64_t now) {
  rapidjson::Document document;
  bool usable = false;
  TokenEndpointError failure = parse_answer(status, body, document, usable);
  if (!usable) return failure;
  TokenSet tokens;
  tokens.access_token = json::string_member(document, "access_token");
  if (tokens.access_token.empty()) {
    failure.description = "the answer holds no access_token";
    return failure;
  }
  if (!is_bearer(json::string_member(document, "token_type"))) {
    failure.description = "the token is not a Bearer token";
    return failure;
  }
  tokens.refresh_token = json::string_member(document, "refresh_token");
  tokens.scope = json::string_member(document, "scope");
  const auto expires_in = document.FindMember("expires_in");
  if (expires_in != document.MemberEnd() && expires_in->value.IsNumber()) {
    // A lifetime past any that matters (a century) is one: the cast must stay defined.
    constexpr double kLongestLifetimeSeconds = 100.0 * 365 * 24 * 3600;
    const double seconds = std::min(expires_in->value.GetDouble(), kLongestLifetimeSeconds);
    if (seconds > 0) tokens.expires_at = now + static_cast<int64_t>(seconds);
  }
  return tokens;
}

}  // namespace kosmo::oauth
