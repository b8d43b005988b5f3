// private_key_jwt client assertions: keys are made here with libcrypto (linked into the tests
// only), the JWT kosmo signs is taken apart and its signature checked with OpenSSL's verifier,
// so a signature in the wrong form (DER for ES256) or over the wrong bytes fails.
#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <rapidjson/document.h>

#include <cctype>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lib/http/base64.h"
#include "lib/oauth/crypto_library.h"
#include "lib/oauth/jwt_assertion.h"
#include "test/unit/jwt_testing.h"

namespace kosmo::oauth {
namespace {

struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using Bio = std::unique_ptr<BIO, BioFree>;

constexpr int64_t kIssuedAt = 1700000000;

Key ec_key(const char* curve) {
  Key key(EVP_EC_gen(curve));
  EXPECT_NE(key, nullptr) << curve;
  return key;
}

Key rsa_key(unsigned bits) {
  Key key(EVP_RSA_gen(bits));
  EXPECT_NE(key, nullptr) << bits;
  return key;
}

// The key pairs are made once: RSA generation takes a noticeable fraction of a second.
EVP_PKEY* p256_key() {
  static Key key = ec_key("P-256");
  return key.get();
}

EVP_PKEY* rsa2048_key() {
  static Key key = rsa_key(2048);
  return key.get();
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(length));
}

// "-----BEGIN PRIVATE KEY-----".
std::string pkcs8_pem(EVP_PKEY* key) {
  Bio bio(BIO_new(BIO_s_mem()));
  EXPECT_EQ(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr), 1);
  return bio_text(bio.get());
}

// "-----BEGIN EC PRIVATE KEY-----" or "-----BEGIN RSA PRIVATE KEY-----".
std::string traditional_pem(EVP_PKEY* key) {
  Bio bio(BIO_new(BIO_s_mem()));
  EXPECT_EQ(
      PEM_write_bio_PrivateKey_traditional(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr),
      1);
  return bio_text(bio.get());
}

std::string encrypted_pem(EVP_PKEY* key) {
  Bio bio(BIO_new(BIO_s_mem()));
  char passphrase[] = "correct horse";
  EXPECT_EQ(PEM_write_bio_PKCS8PrivateKey(bio.get(), key, EVP_aes_256_cbc(), passphrase,
                                          sizeof passphrase - 1, nullptr, nullptr),
            1);
  return bio_text(bio.get());
}

JwtClaims sample_claims() {
  JwtClaims claims;
  claims.issuer = "kosmo-client";
  claims.subject = "kosmo-client";
  claims.audience = "https://auth.example.com";
  claims.issued_at = kIssuedAt;
  return claims;
}

::testing::AssertionResult is_base64url(const std::string& part) {
  if (part.empty()) return ::testing::AssertionFailure() << "empty part";
  for (char c : part) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') {
      return ::testing::AssertionFailure() << "'" << c << "' in " << part;
    }
  }
  return ::testing::AssertionSuccess();
}

std::string decode(const std::string& part) {
  std::string bytes;
  EXPECT_TRUE(is_base64url(part));
  EXPECT_TRUE(http::base64_decode(part, bytes)) << part;
  return bytes;
}

// Parses one JSON part of a JWT (jwt_testing.h), which must be unpadded base64url.
rapidjson::Document json_part(const std::string& part) {
  EXPECT_TRUE(is_base64url(part));
  return test::jwt_json_part(part);
}

std::string string_field(const rapidjson::Document& object, const char* name) {
  const auto found = object.FindMember(name);
  if (found == object.MemberEnd() || !found->value.IsString())
    return "<missing " + std::string(name) + ">";
  return std::string(found->value.GetString(), found->value.GetStringLength());
}

int64_t int_field(const rapidjson::Document& object, const char* name) {
  const auto found = object.FindMember(name);
  if (found == object.MemberEnd() || !found->value.IsInt64()) return -1;
  return found->value.GetInt64();
}

// ES256's R||S as the DER ECDSA-Sig-Value OpenSSL verifies.
std::string jose_to_der(const std::string& jose) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(jose.data());
  const int half = static_cast<int>(jose.size() / 2);
  ECDSA_SIG* signature = ECDSA_SIG_new();
  ECDSA_SIG_set0(signature, BN_bin2bn(bytes, half, nullptr),
                 BN_bin2bn(bytes + half, half, nullptr));
  unsigned char* der = nullptr;
  const int length = i2d_ECDSA_SIG(signature, &der);
  std::string result(reinterpret_cast<char*>(der), static_cast<size_t>(length > 0 ? length : 0));
  OPENSSL_free(der);
  ECDSA_SIG_free(signature);
  return result;
}

::testing::AssertionResult signature_verifies(EVP_PKEY* key, const std::string& jwt, bool es256) {
  const size_t last_dot = jwt.rfind('.');
  if (last_dot == std::string::npos) return ::testing::AssertionFailure() << "no '.' in " << jwt;
  const std::string input = jwt.substr(0, last_dot);
  std::string signature = decode(jwt.substr(last_dot + 1));
  if (es256) {
    if (signature.size() != 64) {
      return ::testing::AssertionFailure()
             << "ES256 signature of " << signature.size() << " bytes, not R||S";
    }
    signature = jose_to_der(signature);
  }
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                  EVP_MD_CTX_free);
  const int verified =
      EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, key) == 1
          ? EVP_DigestVerify(context.get(),
                             reinterpret_cast<const unsigned char*>(signature.data()),
                             signature.size(), reinterpret_cast<const unsigned char*>(input.data()),
                             input.size())
          : -1;
  ERR_clear_error();
  if (verified == 1) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "EVP_DigestVerify gave " << verified;
}

std::string signed_jwt(const std::string& pem, std::string_view algorithm,
                       const JwtClaims& claims = sample_claims()) {
  Outcome<std::string> jwt = sign_jwt(pem, algorithm, claims);
  EXPECT_TRUE(jwt.ok()) << (jwt.ok() ? "" : jwt.error().message);
  return jwt.ok() ? *jwt : "";
}

// Signs with `key` and checks every part of the JWT, as a token endpoint would.
void expect_valid_jwt(EVP_PKEY* key, const std::string& pem, std::string_view algorithm,
                      const char* expected_alg) {
  const std::string jwt = signed_jwt(pem, algorithm);
  const std::vector<std::string> parts = test::split_jwt(jwt);
  ASSERT_EQ(parts.size(), 3u) << jwt;

  const rapidjson::Document header = json_part(parts[0]);
  EXPECT_EQ(string_field(header, "alg"), expected_alg);
  EXPECT_EQ(string_field(header, "typ"), "JWT");
  EXPECT_EQ(header.MemberCount(), 2u);

  const rapidjson::Document claims = json_part(parts[1]);
  EXPECT_EQ(string_field(claims, "iss"), "kosmo-client");
  EXPECT_EQ(string_field(claims, "sub"), "kosmo-client");
  EXPECT_EQ(string_field(claims, "aud"), "https://auth.example.com");
  EXPECT_EQ(int_field(claims, "iat"), kIssuedAt);
  EXPECT_EQ(int_field(claims, "exp"), kIssuedAt + 300);
  EXPECT_FALSE(string_field(claims, "jti").empty());

  EXPECT_TRUE(signature_verifies(key, jwt, std::string_view(expected_alg) == "ES256"));
}

void expect_config_failure(const Outcome<std::string>& outcome, const std::string& says) {
  ASSERT_FALSE(outcome.ok()) << "signed: " << *outcome;
  EXPECT_EQ(outcome.error().code, ErrorCode::kConfig);
  EXPECT_NE(outcome.error().message.find(says), std::string::npos) << outcome.error().message;
}

// Whether any base64 line of `pem`'s body appears in `message`.
bool contains_key_material(const std::string& message, const std::string& pem) {
  size_t start = 0;
  while (start < pem.size()) {
    size_t end = pem.find('\n', start);
    if (end == std::string::npos) end = pem.size();
    const std::string line = pem.substr(start, end - start);
    if (line.size() >= 16 && line.rfind("-----", 0) != 0 &&
        message.find(line) != std::string::npos) {
      return true;
    }
    start = end + 1;
  }
  return false;
}

void expect_no_key_material(const Outcome<std::string>& outcome, const std::string& pem) {
  ASSERT_FALSE(outcome.ok());
  EXPECT_FALSE(contains_key_material(outcome.error().message, pem)) << outcome.error().message;
}

TEST(JwtAssertionTest, Es256WithPkcs8KeyVerifies) {
  const std::string pem = pkcs8_pem(p256_key());
  ASSERT_NE(pem.find("-----BEGIN PRIVATE KEY-----"), std::string::npos);
  expect_valid_jwt(p256_key(), pem, "", "ES256");
  expect_valid_jwt(p256_key(), pem, "ES256", "ES256");
}

TEST(JwtAssertionTest, Es256WithTraditionalEcKeyVerifies) {
  const std::string pem = traditional_pem(p256_key());
  ASSERT_NE(pem.find("-----BEGIN EC PRIVATE KEY-----"), std::string::npos);
  expect_valid_jwt(p256_key(), pem, "", "ES256");
}

TEST(JwtAssertionTest, Rs256WithPkcs8KeyVerifies) {
  const std::string pem = pkcs8_pem(rsa2048_key());
  expect_valid_jwt(rsa2048_key(), pem, "", "RS256");
  expect_valid_jwt(rsa2048_key(), pem, "RS256", "RS256");
}

TEST(JwtAssertionTest, Rs256WithTraditionalRsaKeyVerifies) {
  const std::string pem = traditional_pem(rsa2048_key());
  ASSERT_NE(pem.find("-----BEGIN RSA PRIVATE KEY-----"), std::string::npos);
  expect_valid_jwt(rsa2048_key(), pem, "", "RS256");
}

TEST(JwtAssertionTest, Es256SignaturesOfTheSameInputDiffer) {
  // ECDSA is randomised; a constant signature would mean a constant nonce, which leaks the key.
  JwtClaims claims = sample_claims();
  claims.jwt_id = "fixed";
  const std::string pem = pkcs8_pem(p256_key());
  const std::string first = signed_jwt(pem, "ES256", claims);
  const std::string second = signed_jwt(pem, "ES256", claims);
  EXPECT_EQ(first.substr(0, first.rfind('.')), second.substr(0, second.rfind('.')));
  EXPECT_NE(first, second);
}

TEST(JwtAssertionTest, GeneratedJwtIdsAreRandomAndDiffer) {
  const std::string pem = pkcs8_pem(p256_key());
  const std::string first = string_field(json_part(test::split_jwt(signed_jwt(pem, ""))[1]), "jti");
  const std::string second =
      string_field(json_part(test::split_jwt(signed_jwt(pem, ""))[1]), "jti");
  EXPECT_FALSE(first.empty());
  EXPECT_NE(first, second);
  EXPECT_EQ(decode(first).size(), 16u) << first;
}

TEST(JwtAssertionTest, ClaimsAreWrittenAsEscapedJson) {
  JwtClaims claims = sample_claims();
  claims.issuer = "quote \" backslash \\ newline \n tab \t";
  claims.subject = "caf\xc3\xa9";
  claims.jwt_id = "given-id";
  claims.lifetime_s = 60;
  const std::string jwt = signed_jwt(pkcs8_pem(p256_key()), "", claims);
  const rapidjson::Document parsed = json_part(test::split_jwt(jwt).at(1));
  EXPECT_EQ(string_field(parsed, "iss"), claims.issuer);
  EXPECT_EQ(string_field(parsed, "sub"), claims.subject);
  EXPECT_EQ(string_field(parsed, "jti"), "given-id");
  EXPECT_EQ(int_field(parsed, "exp"), kIssuedAt + 60);
}

TEST(JwtAssertionTest, ClaimsThatAreNotUtf8Fail) {
  JwtClaims claims = sample_claims();
  claims.audience = "https://auth.example.com/\xff";
  expect_config_failure(sign_jwt(pkcs8_pem(p256_key()), "", claims), "not UTF-8");
}

TEST(JwtAssertionTest, NonPositiveLifetimeFails) {
  JwtClaims claims = sample_claims();
  claims.lifetime_s = 0;
  expect_config_failure(sign_jwt(pkcs8_pem(p256_key()), "", claims), "positive lifetime");
}

TEST(JwtAssertionTest, AlgorithmThatDoesNotFitTheKeyFails) {
  const std::string rsa_pem = pkcs8_pem(rsa2048_key());
  const Outcome<std::string> rsa_as_es256 = sign_jwt(rsa_pem, "ES256", sample_claims());
  expect_config_failure(rsa_as_es256,
                        "ES256 needs an EC P-256 key, but the private key is an RSA key");
  expect_no_key_material(rsa_as_es256, rsa_pem);
  expect_config_failure(sign_jwt(pkcs8_pem(p256_key()), "RS256", sample_claims()),
                        "RS256 needs an RSA key, but the private key is an EC P-256 key");
}

TEST(JwtAssertionTest, UnsupportedAlgorithmNamesTheSupportedOnes) {
  const std::string pem = pkcs8_pem(p256_key());
  for (const char* algorithm : {"HS256", "PS256", "ES384", "none", "es256"}) {
    SCOPED_TRACE(algorithm);
    const Outcome<std::string> outcome = sign_jwt(pem, algorithm, sample_claims());
    expect_config_failure(outcome, "ES256 or RS256");
    expect_config_failure(outcome, std::string("\"") + algorithm + "\"");
  }
}

TEST(JwtAssertionTest, GarbagePemFailsWithoutEchoingIt) {
  const std::string garbage =
      "-----BEGIN PRIVATE KEY-----\nTk9UQUtFWU5PVEFLRVlOT1RBS0VZ\n-----END PRIVATE KEY-----\n";
  for (const std::string& pem : {garbage, std::string("TOPSECRETTOPSECRET"), std::string()}) {
    SCOPED_TRACE(pem);
    const Outcome<std::string> outcome = sign_jwt(pem, "", sample_claims());
    expect_config_failure(outcome, "not a PEM private key");
    if (outcome.ok()) continue;
    EXPECT_EQ(outcome.error().message.find("Tk9UQUtF"), std::string::npos);
    EXPECT_EQ(outcome.error().message.find("TOPSECRET"), std::string::npos);
  }
}

TEST(JwtAssertionTest, EncryptedKeyFailsWithoutAskingForAPassphrase) {
  const std::string pem = encrypted_pem(p256_key());
  ASSERT_NE(pem.find("ENCRYPTED PRIVATE KEY"), std::string::npos);
  const Outcome<std::string> outcome = sign_jwt(pem, "", sample_claims());
  expect_config_failure(outcome, "encrypted");
  expect_no_key_material(outcome, pem);
}

TEST(JwtAssertionTest, EcKeyOnAnotherCurveFails) {
  for (const char* curve : {"P-384", "secp256k1"}) {
    SCOPED_TRACE(curve);
    Key key = ec_key(curve);
    ASSERT_NE(key, nullptr);
    expect_config_failure(sign_jwt(pkcs8_pem(key.get()), "", sample_claims()), "ES256 needs P-256");
    expect_config_failure(sign_jwt(traditional_pem(key.get()), "ES256", sample_claims()),
                          "ES256 needs P-256");
  }
}

TEST(JwtAssertionTest, RsaKeyShorterThan2048BitsFails) {
  Key key = rsa_key(1024);
  ASSERT_NE(key, nullptr);
  expect_config_failure(sign_jwt(pkcs8_pem(key.get()), "", sample_claims()),
                        "RSA key of 1024 bits; RS256 needs at least 2048");
}

TEST(JwtAssertionTest, KeyOfAnotherTypeFails) {
  Key key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  ASSERT_NE(key, nullptr);
  expect_config_failure(sign_jwt(pkcs8_pem(key.get()), "", sample_claims()),
                        "neither an EC P-256 key (ES256) nor an RSA key (RS256)");
}

TEST(JwtAssertionTest, FailuresLeaveNoOpenSslErrorsForTheNextCaller) {
  // libcurl shares this libcrypto and its per-thread error queue.
  ERR_clear_error();
  EXPECT_FALSE(sign_jwt("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "",
                        sample_claims())
                   .ok());
  EXPECT_FALSE(sign_jwt(encrypted_pem(p256_key()), "", sample_claims()).ok());
  EXPECT_EQ(ERR_peek_error(), 0ul);
}

// In a fresh process: nothing before the first signature loads libcrypto. Exit code 10+n: check
// n failed.
[[noreturn]] void check_lazy_loading() {
  if (crypto_library_loaded()) std::_Exit(11);
  const std::string pem = pkcs8_pem(p256_key());
  if (crypto_library_loaded()) std::_Exit(12);
  if (!sign_jwt(pem, "", sample_claims()).ok()) std::_Exit(13);
  if (!crypto_library_loaded()) std::_Exit(14);
  std::_Exit(0);
}

TEST(CryptoLibraryTest, NotLoadedUntilTheFirstSignature) {
  // "threadsafe" re-executes the test binary, so the child starts with nothing loaded.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(check_lazy_loading(), ::testing::ExitedWithCode(0), "");
}

std::string load_error(const std::string& soname) {
  try {
    CryptoLibrary::load(soname);
  } catch (const CryptoLoadError& e) {
    return e.what();
  }
  return "loaded";
}

TEST(CryptoLibraryTest, MissingLibraryNamesThePackageToInstall) {
  EXPECT_EQ(load_error("libkosmo-no-such-crypto.so.3"),
            "libkosmo-no-such-crypto.so.3 not found: install libssl3");
}

TEST(CryptoLibraryTest, LibraryWithoutCryptoSymbolsIsRejected) {
  EXPECT_EQ(load_error("libm.so.6"), "libm.so.6 lacks BIO_new_mem_buf: install libssl3");
}

TEST(CryptoLibraryTest, ProcessWideLibraryIsLibcrypto3) {
  const CryptoApi& api = crypto_library();
  EXPECT_TRUE(crypto_library_loaded());
  // The same mapping as the libcrypto this test links: one OpenSSL per process.
  EXPECT_EQ(api.evp_sha256(), EVP_sha256());
}

}  // namespace
}  // namespace kosmo::oauth
