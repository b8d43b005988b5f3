#pragma once
// Proof Key for Code Exchange (RFC 7636) with S256, and the random `state` of an authorization
// request: both from libsodium's CSPRNG.
#include <string>
#include <string_view>

namespace kosmo::oauth {

struct PkcePair {
  std::string verifier;   // 43 characters of base64url (32 random bytes)
  std::string challenge;  // base64url(SHA-256(verifier)), no padding
};

PkcePair make_pkce_pair();
std::string s256_challenge(std::string_view verifier);
// 16 random bytes, base64url: an authorization request's `state`.
std::string random_state();

}  // namespace kosmo::oauth
