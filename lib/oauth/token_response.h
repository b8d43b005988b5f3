#pragma once
// What a token endpoint answers (RFC 6749 §5.1, §5.2): the tokens, or an error kosmo reports
// without ever quoting a token.
#include <cstdint>
#include <string>
#include <string_view>

#include "lib/common/outcome.h"

namespace kosmo::oauth {

struct TokenSet {
  std::string access_token;
  std::string refresh_token;  // empty: none issued
  std::string scope;          // as granted; empty when the server did not say
  int64_t expires_at = 0;     // seconds since the epoch; 0: the server gave no lifetime

  // Whether the access token is past (or within `margin_s` of) its expiry.
  bool expired(int64_t now, int64_t margin_s = 30) const {
    return expires_at != 0 && now + margin_s >= expires_at;
  }
};

struct TokenEndpointError {
  int status = 0;
  std::string error;  // "invalid_grant", ...; empty when the body said nothing usable
  std::string description;

  // "HTTP 400: invalid_grant (refresh token revoked)".
  std::string text() const;
};

// A 2xx JSON body with a string access_token and token_type Bearer (any case; absent accepted,
// as some servers omit it) becomes a TokenSet; `now` dates expires_in. Anything else is an error.
Outcome<TokenSet, TokenEndpointError> parse_token_response(int status, std::string_view body,
                                                           int64_t now);

// The token of an RFC 8693 token-exchange answer, whatever its token_type (an identity assertion
// comes as "N_A"); `issued_token_type`, when the answer names one, must be `expected_type`.
Outcome<std::string, TokenEndpointError> parse_exchanged_token(int status, std::string_view body,
                                                               std::string_view expected_type);

}  // namespace kosmo::oauth
