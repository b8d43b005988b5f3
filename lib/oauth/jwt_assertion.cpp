#include "lib/oauth/jwt_assertion.h"

#include <rapidjson/encodings.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <array>
#include <climits>
#include <memory>
#include <optional>
#include <utility>

#include "lib/http/base64.h"
#include "lib/oauth/crypto_library.h"
#include "lib/oauth/pkce.h"

namespace kosmo::oauth {
namespace {

enum class Algorithm { kEs256, kRs256 };

// RFC 7518 §3.4: ES256's R and S are each 32 bytes, big-endian, zero-padded.
constexpr int kEs256CoordinateBytes = 32;
// RFC 7518 §3.3: "A key of size 2048 bits or larger MUST be used" with RS256.
constexpr int kSmallestRsaBits = 2048;

// A claim that is not UTF-8 is refused rather than sent as JSON no server could parse.
using Writer = rapidjson::Writer<rapidjson::StringBuffer, rapidjson::UTF8<>, rapidjson::UTF8<>,
                                 rapidjson::CrtAllocator, rapidjson::kWriteValidateEncodingFlag>;

using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(CryptoApi::evp_pkey_free)>;

Failure config_failure(std::string message) {
  return Failure{ErrorCode::kConfig, std::move(message)};
}

std::string_view algorithm_name(Algorithm algorithm) {
  return algorithm == Algorithm::kEs256 ? "ES256" : "RS256";
}

std::string_view key_description(Algorithm algorithm) {
  return algorithm == Algorithm::kEs256 ? "an EC P-256 key" : "an RSA key";
}

// Empty: nullopt, the key decides.
Outcome<std::optional<Algorithm>> parse_algorithm(std::string_view name) {
  if (name.empty()) return std::optional<Algorithm>();
  if (name == "ES256") return std::optional<Algorithm>(Algorithm::kEs256);
  if (name == "RS256") return std::optional<Algorithm>(Algorithm::kRs256);
  return config_failure("OAuth signing algorithm \"" + std::string(name) +
                        "\" is not supported: kosmo signs client assertions with ES256 or RS256.");
}

Outcome<const CryptoApi*> load_crypto() {
  try {
    return &crypto_library();
  } catch (const CryptoLoadError& e) {
    return config_failure(std::string("OAuth private_key_jwt needs OpenSSL 3: ") + e.what() + ".");
  }
}

// PEM_read_bio_PrivateKey's default callback would prompt on the terminal for the passphrase of
// an encrypted key, stalling an unattended run; this one refuses, and notes that it was asked.
int refuse_passphrase(char* /*buffer*/, int /*size*/, int /*writing*/, void* asked) {
  *static_cast<bool*>(asked) = true;
  return -1;
}

Outcome<KeyPtr> read_private_key(const CryptoApi& api, std::string_view pem) {
  if (pem.size() > static_cast<size_t>(INT_MAX)) {
    return config_failure("The OAuth private key is too large to be a PEM private key.");
  }
  BIO* bio = api.bio_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (bio == nullptr) return config_failure("The OAuth private key could not be read.");
  bool passphrase_asked = false;
  KeyPtr key(api.pem_read_bio_private_key(bio, nullptr, refuse_passphrase, &passphrase_asked),
             api.evp_pkey_free);
  api.bio_free(bio);
  if (key) return key;
  // The reasons OpenSSL queued are not shown (they add nothing a person can act on) and must not
  // be left for the next OpenSSL caller in this thread (libcurl) to mistake for its own.
  api.err_clear_error();
  if (passphrase_asked) {
    return config_failure(
        "The OAuth private key is encrypted: kosmo needs it unencrypted (`openssl pkey -in "
        "key.pem -out plain.pem`), kept as a credential rather than in a plain file.");
  }
  return config_failure(
      "The OAuth private key is not a PEM private key (\"PRIVATE KEY\", \"EC PRIVATE KEY\" or "
      "\"RSA PRIVATE KEY\").");
}

std::optional<Failure> check_ec_curve(const CryptoApi& api, EVP_PKEY* key) {
  std::array<char, 80> group{};
  size_t length = 0;
  if (api.evp_pkey_get_group_name(key, group.data(), group.size(), &length) != 1) {
    api.err_clear_error();
    return config_failure(
        "The OAuth private key is an EC key on an unnamed curve; ES256 needs "
        "P-256 (prime256v1).");
  }
  const std::string_view curve(group.data(), length);
  if (curve == "prime256v1" || curve == "P-256") return std::nullopt;
  return config_failure("The OAuth private key is an EC key on " + std::string(curve) +
                        "; ES256 needs P-256 (prime256v1).");
}

// The algorithm `key` signs with, or why kosmo cannot sign with it.
Outcome<Algorithm> key_algorithm(const CryptoApi& api, EVP_PKEY* key) {
  switch (api.evp_pkey_get_base_id(key)) {
    case EVP_PKEY_EC:
      if (auto failure = check_ec_curve(api, key)) return *std::move(failure);
      return Algorithm::kEs256;
    case EVP_PKEY_RSA:
      if (api.evp_pkey_get_bits(key) < kSmallestRsaBits) {
        return config_failure("The OAuth private key is an RSA key of " +
                              std::to_string(api.evp_pkey_get_bits(key)) +
                              " bits; RS256 needs at least 2048.");
      }
      return Algorithm::kRs256;
    default:
      return config_failure(
          "The OAuth private key is neither an EC P-256 key (ES256) nor an RSA key (RS256).");
  }
}

Outcome<Algorithm> choose_algorithm(std::optional<Algorithm> requested, Algorithm of_key) {
  if (!requested || *requested == of_key) return of_key;
  return config_failure("OAuth signing algorithm " + std::string(algorithm_name(*requested)) +
                        " needs " + std::string(key_description(*requested)) +
                        ", but the private key is " + std::string(key_description(of_key)) + ".");
}

std::string base64url(std::string_view bytes) {
  return http::base64_encode(bytes, http::Base64Alphabet::kUrlSafe, false);
}

std::string header_json(Algorithm algorithm) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartObject();
  writer.Key("alg");
  writer.String(std::string(algorithm_name(algorithm)));
  writer.Key("typ");
  writer.String("JWT");
  writer.EndObject();
  return buffer.GetString();
}

Outcome<std::string> claims_json(const JwtClaims& claims) {
  int64_t expires_at = 0;
  if (claims.lifetime_s <= 0 ||
      __builtin_add_overflow(claims.issued_at, claims.lifetime_s, &expires_at)) {
    return config_failure("An OAuth client assertion needs a positive lifetime.");
  }
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartObject();
  bool utf8 = writer.Key("iss") && writer.String(claims.issuer) && writer.Key("sub") &&
              writer.String(claims.subject) && writer.Key("aud") &&
              writer.String(claims.audience) && writer.Key("jti") &&
              writer.String(claims.jwt_id.empty() ? random_state() : claims.jwt_id);
  if (!utf8) return config_failure("The OAuth client assertion's claims are not UTF-8.");
  writer.Key("iat");
  writer.Int64(claims.issued_at);
  writer.Key("exp");
  writer.Int64(expires_at);
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

// The DER signature `EVP_DigestSign` gives for ECDSA, as the fixed-width R||S JWS wants.
Outcome<std::string> ecdsa_der_to_jose(const CryptoApi& api, std::string_view der) {
  const auto* cursor = reinterpret_cast<const unsigned char*>(der.data());
  std::unique_ptr<ECDSA_SIG, decltype(CryptoApi::ecdsa_sig_free)> signature(
      api.d2i_ecdsa_sig(nullptr, &cursor, static_cast<long>(der.size())), api.ecdsa_sig_free);
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  if (signature) api.ecdsa_sig_get0(signature.get(), &r, &s);
  std::string jose(2 * kEs256CoordinateBytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(jose.data());
  if (r == nullptr || s == nullptr ||
      api.bn_bn2binpad(r, out, kEs256CoordinateBytes) != kEs256CoordinateBytes ||
      api.bn_bn2binpad(s, out + kEs256CoordinateBytes, kEs256CoordinateBytes) !=
          kEs256CoordinateBytes) {
    api.err_clear_error();
    return config_failure("OpenSSL gave an ES256 signature kosmo could not read.");
  }
  return jose;
}

// SHA-256 and the key's own scheme: ECDSA (DER) for EC, RSASSA-PKCS1-v1_5 (OpenSSL's default
// RSA padding, which RS256 is) for RSA.
Outcome<std::string> digest_sign(const CryptoApi& api, EVP_PKEY* key, std::string_view input) {
  std::unique_ptr<EVP_MD_CTX, decltype(CryptoApi::evp_md_ctx_free)> context(api.evp_md_ctx_new(),
                                                                            api.evp_md_ctx_free);
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  size_t length = 0;
  bool signed_ok =
      context &&
      api.evp_digest_sign_init(context.get(), nullptr, api.evp_sha256(), nullptr, key) == 1 &&
      api.evp_digest_sign(context.get(), nullptr, &length, data, input.size()) == 1;
  std::string signature(length, '\0');
  signed_ok = signed_ok &&
              api.evp_digest_sign(context.get(), reinterpret_cast<unsigned char*>(signature.data()),
                                  &length, data, input.size()) == 1;
  if (!signed_ok) {
    api.err_clear_error();
    return config_failure("OpenSSL could not sign the OAuth client assertion with the key.");
  }
  signature.resize(length);  // ECDSA's DER is often shorter than the size first reported
  return signature;
}

Outcome<std::string> sign(const CryptoApi& api, EVP_PKEY* key, Algorithm algorithm,
                          std::string_view input) {
  Outcome<std::string> signature = digest_sign(api, key, input);
  if (!signature || algorithm != Algorithm::kEs256) return signature;
  return ecdsa_der_to_jose(api, *signature);
}

}  // namespace

Outcome<std::string> sign_jwt(std::string_view private_key_pem, std::string_view algorithm,
                              const JwtClaims& claims) {
  Outcome<std::optional<Algorithm>> requested = parse_algorithm(algorithm);
  if (!requested) return requested.error();
  Outcome<std::string> payload = claims_json(claims);
  if (!payload) return payload.error();
  Outcome<const CryptoApi*> api = load_crypto();
  if (!api) return api.error();
  Outcome<KeyPtr> key = read_private_key(**api, private_key_pem);
  if (!key) return key.error();
  Outcome<Algorithm> of_key = key_algorithm(**api, key->get());
  if (!of_key) return of_key.error();
  Outcome<Algorithm> chosen = choose_algorithm(*requested, *of_key);
  if (!chosen) return chosen.error();

  std::string jwt = base64url(header_json(*chosen)) + "." + base64url(*payload);
  Outcome<std::string> signature = sign(**api, key->get(), *chosen, jwt);
  if (!signature) return signature.error();
  return jwt + "." + base64url(*signature);
}

}  // namespace kosmo::oauth
