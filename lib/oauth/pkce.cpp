#include "lib/oauth/pkce.h"

#include <sodium.h>

#include <array>
#include <stdexcept>

#include "lib/http/base64.h"

namespace kosmo::oauth {
namespace {

std::string random_base64url(size_t bytes) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  std::string random(bytes, '\0');
  randombytes_buf(random.data(), random.size());
  return http::base64_encode(random, http::Base64Alphabet::kUrlSafe, false);
}

}  // namespace

PkcePair make_pkce_pair() {
  PkcePair pair;
  pair.verifier = random_base64url(32);
  pair.challenge = s256_challenge(pair.verifier);
  return pair;
}

std::string s256_challenge(std::string_view verifier) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(verifier.data()),
                     verifier.size());
  return http::base64_encode(
      std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()),
      http::Base64Alphabet::kUrlSafe, false);
}

std::string random_state() { return random_base64url(16); }

}  // namespace kosmo::oauth
