// KosmoKrator's CredentialCipher format and key lookup (src/Integration/CredentialCipher.php).
// The fixed vectors were sealed with libsodium's crypto_secretbox_easy from Python (ctypes), not
// with this code, so a mistake in the format cannot cancel itself out.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "lib/config/credential_cipher.h"
#include "lib/config/credential_key.h"
#include "lib/config/credentials.h"
#include "test/unit/test_files.h"

namespace kosmo::config {
namespace {

// SHA-256("compat-test-key"), nonce 00..17.
constexpr const char* kTokenSealed =
    "enc:v1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGJebSywRkfCF2roQ2SqPTLMf4XTQJvIQUzPm+UFGvdSR48pXxg==";
// The 32 bytes 100..131 as a KosmoKrator key file holds them.
constexpr const char* kKeyFileText = "ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CBgoM=\n";
constexpr const char* kKeyFileSealed =
    "enc:v1:PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTmnsKiL1QbkM2Ldec85kLAScCmCsyUW1u5A==";

CredentialKey env_key(const std::string& text) {
  MapEnvironment env({{"KOSMO_CREDENTIAL_KEY", text}});
  return *find_credential_key(env);
}

TEST(CredentialCipherTest, DecryptsWhatKosmoKratorWrote) {
  EXPECT_EQ(decrypt_credential(kTokenSealed, env_key("compat-test-key")), "canary-enc-token-5b21");
}

TEST(CredentialCipherTest, WrongKeyOrDamagedValueIsNullopt) {
  EXPECT_EQ(decrypt_credential(kTokenSealed, env_key("another")), std::nullopt);
  const CredentialKey key = env_key("compat-test-key");
  EXPECT_EQ(decrypt_credential("enc:v1:not base64!", key), std::nullopt);
  EXPECT_EQ(decrypt_credential("enc:v1:AAEC", key), std::nullopt);  // shorter than a nonce
  std::string flipped = kTokenSealed;
  flipped[40] = flipped[40] == 'A' ? 'B' : 'A';
  EXPECT_EQ(decrypt_credential(flipped, key), std::nullopt);
}

TEST(CredentialCipherTest, PlainValuesPassThrough) {
  const CredentialKey key = env_key("k");
  EXPECT_EQ(decrypt_credential("plain-token", key), "plain-token");
  EXPECT_EQ(encrypt_credential("", key), "");
  EXPECT_EQ(encrypt_credential(kTokenSealed, key), kTokenSealed);
}

TEST(CredentialCipherTest, EncryptRoundTripsWithAFreshNonce) {
  const CredentialKey key = env_key("round-trip");
  const std::string first = encrypt_credential("s3cret", key);
  const std::string second = encrypt_credential("s3cret", key);
  EXPECT_TRUE(is_encrypted_value(first));
  EXPECT_NE(first, second);
  EXPECT_EQ(first.find("s3cret"), std::string::npos);
  EXPECT_EQ(decrypt_credential(first, key), "s3cret");
  EXPECT_EQ(decrypt_credential(second, key), "s3cret");
}

TEST(CredentialKeyTest, CredentialKeyWinsOverSecretKeyUnlessFalsy) {
  MapEnvironment env({{"KOSMO_CREDENTIAL_KEY", "a"}, {"KOSMO_SECRET_KEY", "b"}});
  EXPECT_EQ(find_credential_key(env)->source_text, "a");
  env.set("KOSMO_CREDENTIAL_KEY", "0");  // falsy to PHP's ?:
  EXPECT_EQ(find_credential_key(env)->source_text, "b");
  env.set("KOSMO_CREDENTIAL_KEY", "");
  EXPECT_EQ(find_credential_key(env)->source_text, "b");
}

TEST(CredentialKeyTest, ReadsTheKeyFileUnderHome) {
  testing::TempDir home("kosmo-key");
  MapEnvironment env({{"HOME", home.path().string()}});
  EXPECT_EQ(find_credential_key(env), std::nullopt);
  EXPECT_FALSE(std::filesystem::exists(home.path() / ".kosmokrator"));  // reading creates nothing
  std::filesystem::create_directories(home.path() / ".kosmokrator");
  std::ofstream(home.path() / ".kosmokrator/credentials.key") << kKeyFileText;
  const std::optional<CredentialKey> key = find_credential_key(env);
  ASSERT_TRUE(key);
  EXPECT_EQ(decrypt_credential(kKeyFileSealed, *key), "plan-kf-1");
}

TEST(CredentialKeyTest, ShortKeyFileTextIsHashed) {
  testing::TempDir home("kosmo-key");
  std::filesystem::create_directories(home.path() / ".kosmokrator");
  std::ofstream(home.path() / ".kosmokrator/credentials.key") << "  compat-test-key\n";
  MapEnvironment env({{"HOME", home.path().string()}});
  EXPECT_EQ(decrypt_credential(kTokenSealed, *find_credential_key(env)), "canary-enc-token-5b21");
}

TEST(CredentialKeyTest, CreatesAKeyFileAsKosmoKratorDoes) {
  testing::TempDir home("kosmo-key");
  MapEnvironment env({{"HOME", home.path().string()}});
  const CredentialKey created = find_or_create_credential_key(env);
  const std::filesystem::path file = home.path() / ".kosmokrator/credentials.key";
  struct stat info {};
  ASSERT_EQ(stat(file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  ASSERT_EQ(stat(file.parent_path().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700u);
  EXPECT_EQ(testing::read_file(file).size(), 44u);  // base64 of 32 bytes, no newline
  // Found again, not replaced.
  EXPECT_EQ(find_or_create_credential_key(env).bytes, created.bytes);
}

TEST(CredentialResolverTest, DecryptsConfigValuesAndRegistersTheKey) {
  const KosmoConfig config = KosmoConfig::parse(
      std::string("integrations:\n  sinch:\n    accounts:\n      default: {service_plan_id: p, "
                  "api_token: \"") +
          kTokenSealed + "\"}\n",
      "config.yaml");
  const std::vector<CredentialField> fields = {{"service_plan_id", true, false, std::nullopt},
                                               {"api_token", true, true, std::nullopt}};
  MapEnvironment env({{"KOSMO_CREDENTIAL_KEY", "compat-test-key"}});
  ResolvedCredentials got = CredentialResolver(config, env).resolve("sinch", "default", fields);
  EXPECT_EQ(got.values.at("api_token"), "canary-enc-token-5b21");
  EXPECT_EQ(got.config_problem, std::nullopt);
  EXPECT_NE(std::find(got.secret_values.begin(), got.secret_values.end(), "compat-test-key"),
            got.secret_values.end());

  env.set("KOSMO_CREDENTIAL_KEY", "wrong");
  got = CredentialResolver(config, env).resolve("sinch", "default", fields);
  EXPECT_EQ(got.missing, std::vector<std::string>{"api_token"});
  ASSERT_TRUE(got.config_problem);
  EXPECT_NE(got.config_problem->find("'api_token' of integration 'sinch'"), std::string::npos);
  EXPECT_EQ(got.config_problem->find("GJebSywR"), std::string::npos);
  EXPECT_EQ(got.config_problem->find("wrong"), std::string::npos);
}

}  // namespace
}  // namespace kosmo::config
