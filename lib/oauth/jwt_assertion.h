#pragma once
// The signed JWT a client presents as `client_assertion` under private_key_jwt (RFC 7523 §2.2):
// it proves the client holds its private key without sending any secret, which is how servers
// that forbid shared secrets authenticate confidential clients. Signing uses libcrypto, loaded
// on first use (lib/oauth/crypto_library.h), so no other run pays for OpenSSL.
#include <cstdint>
#include <string>
#include <string_view>

#include "lib/common/outcome.h"

namespace kosmo::oauth {

struct JwtClaims {
  std::string issuer;     // iss
  std::string subject;    // sub
  std::string audience;   // aud
  int64_t issued_at = 0;  // iat, seconds since the epoch; exp = iat + lifetime_s
  int64_t lifetime_s = 300;
  std::string jwt_id;  // jti; empty: 16 random bytes, base64url
};

// A compact JWS of `claims` (header {"alg":..,"typ":"JWT"}), for private_key_jwt client
// authentication. `private_key_pem`: PKCS#8 or traditional PEM; an EC P-256 key signs ES256
// (signature r||s, 64 bytes, as RFC 7518 §3.4 says, not DER), an RSA key RS256. `algorithm`
// ("ES256"/"RS256") must fit the key; empty: the key's own. Failures are ErrorCode::kConfig
// with a message that never contains the key.
Outcome<std::string> sign_jwt(std::string_view private_key_pem, std::string_view algorithm,
                              const JwtClaims& claims);

}  // namespace kosmo::oauth
