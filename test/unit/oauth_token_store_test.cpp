// <kosmo_home>/mcp-oauth.json: one sealed entry per MCP server, owner-only, readable again only
// with the credential key it was sealed with.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "lib/config/credential_key.h"
#include "lib/config/environment.h"
#include "lib/oauth/token_store.h"
#include "test/unit/outcome_testing.h"
#include "test/unit/test_files.h"

namespace kosmo::oauth {
namespace {

using test::failure_of;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

StoredAuthorization full_entry() {
  StoredAuthorization stored;
  stored.server_url = "https://mcp.example.com/mcp";
  stored.resource = "https://mcp.example.com/mcp";
  stored.issuer = "https://auth.example.com/tenant1";
  stored.token_endpoint = "https://auth.example.com/tenant1/token";
  stored.client.client_id = "client-id-7";
  stored.client.client_secret = "client-secret-text-7";
  stored.client.method = ClientAuthMethod::kSecretPost;
  stored.tokens.access_token = "access-token-text-7";
  stored.tokens.refresh_token = "refresh-token-text-7";
  stored.tokens.scope = "files:read offline_access";
  stored.tokens.expires_at = 1'700'003'600;
  stored.requested_scope = "files:read offline_access";
  stored.grant = "authorization_code";
  return stored;
}

void write_text(const std::filesystem::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
}

class OAuthTokenStoreTest : public ::testing::Test {
 protected:
  OAuthTokenStoreTest()
      : env_{{"KOSMO_HOME", (dir_.path() / "kosmo-home").string()},
             {"HOME", (dir_.path() / "home").string()},
             {"KOSMO_CREDENTIAL_KEY", "token-store-test-key"}},
        store_(token_store_file(env_), env_) {}

  std::string file_text() const { return testing::read_file(store_.file()); }

  testing::TempDir dir_{"kosmo-oauth-store"};
  config::MapEnvironment env_;
  TokenStore store_;
};

TEST_F(OAuthTokenStoreTest, TheFileIsMcpOauthJsonInKosmoHome) {
  EXPECT_EQ(token_store_file(env_), dir_.path() / "kosmo-home" / "mcp-oauth.json");
  EXPECT_EQ(store_.file(), dir_.path() / "kosmo-home" / "mcp-oauth.json");
}

TEST_F(OAuthTokenStoreTest, EveryFieldRoundTrips) {
  ASSERT_EQ(store_.save("files", full_entry()), std::nullopt);
  const Outcome<std::optional<StoredAuthorization>> loaded = store_.load("files");
  ASSERT_TRUE(loaded) << loaded.error().message;
  ASSERT_TRUE(loaded->has_value());
  const StoredAuthorization& got = **loaded;
  const StoredAuthorization want = full_entry();
  EXPECT_EQ(got.server_url, want.server_url);
  EXPECT_EQ(got.resource, want.resource);
  EXPECT_EQ(got.issuer, want.issuer);
  EXPECT_EQ(got.token_endpoint, want.token_endpoint);
  EXPECT_EQ(got.client.client_id, want.client.client_id);
  EXPECT_EQ(got.client.client_secret, want.client.client_secret);
  EXPECT_EQ(got.client.method, ClientAuthMethod::kSecretPost);
  EXPECT_EQ(got.tokens.access_token, want.tokens.access_token);
  EXPECT_EQ(got.tokens.refresh_token, want.tokens.refresh_token);
  EXPECT_EQ(got.tokens.scope, want.tokens.scope);
  EXPECT_EQ(got.tokens.expires_at, want.tokens.expires_at);
  EXPECT_EQ(got.requested_scope, want.requested_scope);
  EXPECT_EQ(got.grant, want.grant);
}

TEST_F(OAuthTokenStoreTest, AnUnsetMethodStaysUnset) {
  StoredAuthorization stored = full_entry();
  stored.client.method.reset();
  ASSERT_EQ(store_.save("files", stored), std::nullopt);
  const auto loaded = store_.load("files");
  ASSERT_TRUE(loaded && loaded->has_value());
  EXPECT_EQ((*loaded)->client.method, std::nullopt);
}

TEST_F(OAuthTokenStoreTest, ThePrivateKeyIsNeverStored) {
  StoredAuthorization stored = full_entry();
  stored.client.private_key_pem = "-----BEGIN PRIVATE KEY-----\nprivate-key-body\n";
  ASSERT_EQ(store_.save("files", stored), std::nullopt);
  const auto loaded = store_.load("files");
  ASSERT_TRUE(loaded && loaded->has_value());
  EXPECT_EQ((*loaded)->client.private_key_pem, "");
}

TEST_F(OAuthTokenStoreTest, TheFileIsOwnerOnly) {
  ASSERT_EQ(store_.save("files", full_entry()), std::nullopt);
  struct stat info {};
  ASSERT_EQ(::stat(store_.file().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST_F(OAuthTokenStoreTest, TheFileHoldsOnlySealedEntries) {
  ASSERT_EQ(store_.save("files", full_entry()), std::nullopt);
  const std::string text = file_text();
  for (const char* secret : {"access-token-text-7", "refresh-token-text-7", "client-secret-text-7",
                             "client-id-7", "auth.example.com"}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in " << text;
  }
  rapidjson::Document document;
  document.Parse(text.c_str());
  ASSERT_TRUE(document.IsObject()) << text;
  ASSERT_TRUE(document.HasMember("servers") && document["servers"].IsObject());
  ASSERT_TRUE(document["servers"].HasMember("files"));
  const std::string sealed = document["servers"]["files"].GetString();
  EXPECT_EQ(sealed.rfind("enc:v1:", 0), 0u) << sealed;
}

TEST_F(OAuthTokenStoreTest, NothingStoredIsNullopt) {
  const auto absent_file = store_.load("files");
  ASSERT_TRUE(absent_file);
  EXPECT_FALSE(absent_file->has_value());
  ASSERT_EQ(store_.save("other", full_entry()), std::nullopt);
  const auto absent_entry = store_.load("files");
  ASSERT_TRUE(absent_entry);
  EXPECT_FALSE(absent_entry->has_value());
}

TEST_F(OAuthTokenStoreTest, SavingAgainReplacesTheEntry) {
  ASSERT_EQ(store_.save("files", full_entry()), std::nullopt);
  StoredAuthorization newer = full_entry();
  newer.tokens.access_token = "access-token-text-8";
  ASSERT_EQ(store_.save("files", newer), std::nullopt);
  const auto loaded = store_.load("files");
  ASSERT_TRUE(loaded && loaded->has_value());
  EXPECT_EQ((*loaded)->tokens.access_token, "access-token-text-8");
  EXPECT_THAT(store_.servers().value(), ElementsAre("files"));
}

TEST_F(OAuthTokenStoreTest, ServersAreListedSorted) {
  EXPECT_THAT(store_.servers().value(), IsEmpty());
  ASSERT_EQ(store_.save("zeta", full_entry()), std::nullopt);
  ASSERT_EQ(store_.save("alpha", full_entry()), std::nullopt);
  ASSERT_EQ(store_.save("files", full_entry()), std::nullopt);
  EXPECT_THAT(store_.servers().value(), ElementsAre("alpha", "files", "zeta"));
}

TEST_F(OAuthTokenStoreTest, RemoveDeletesOnlyThatEntry) {
  ASSERT_EQ(store_.save("files", full_entry()), std::nullopt);
  ASSERT_EQ(store_.save("other", full_entry()), std::nullopt);
  const Outcome<bool> removed = store_.remove("files");
  ASSERT_TRUE(removed);
  EXPECT_TRUE(*removed);
  EXPECT_FALSE(store_.load("files").value().has_value());
  EXPECT_TRUE(store_.load("other").value().has_value());
  EXPECT_THAT(store_.servers().value(), ElementsAre("other"));
}

TEST_F(OAuthTokenStoreTest, RemovingWhatIsNotThereSaysSo) {
  const Outcome<bool> no_file = store_.remove("files");
  ASSERT_TRUE(no_file);
  EXPECT_FALSE(*no_file);
  ASSERT_EQ(store_.save("other", full_entry()), std::nullopt);
  const Outcome<bool> no_entry = store_.remove("files");
  ASSERT_TRUE(no_entry);
  EXPECT_FALSE(*no_entry);
}

TEST_F(OAuthTokenStoreTest, ADamagedFileIsAConfigError) {
  std::filesystem::create_directories(store_.file().parent_path());
  for (const char* text : {"{not json", R"({"servers": []})", R"({"other": {}})", "[]"}) {
    SCOPED_TRACE(text);
    write_text(store_.file(), text);
    const std::string expected = "The MCP authorization store " + store_.file().string() +
                                 " is damaged; remove it and log in again.";
    const Failure load = failure_of(store_.load("files"));
    EXPECT_EQ(load.code, ErrorCode::kConfig);
    EXPECT_EQ(load.message, expected);
    const Failure list = failure_of(store_.servers());
    EXPECT_EQ(list.code, ErrorCode::kConfig);
    EXPECT_EQ(list.message, expected);
    const Failure save = failure_of(store_.save("files", full_entry()));
    EXPECT_EQ(save.code, ErrorCode::kConfig);
    EXPECT_EQ(save.message, expected);
    EXPECT_EQ(file_text(), text);  // a damaged file is never overwritten
  }
}

TEST_F(OAuthTokenStoreTest, AnEntrySealedWithAnotherKeyIsAConfigErrorNamingLogin) {
  ASSERT_EQ(store_.save("files", full_entry()), std::nullopt);
  config::MapEnvironment other_key = env_;
  other_key.set("KOSMO_CREDENTIAL_KEY", "another-key");
  const TokenStore other(store_.file(), other_key);
  const Failure failure = failure_of(other.load("files"));
  EXPECT_EQ(failure.code, ErrorCode::kConfig);
  EXPECT_EQ(failure.message, "The MCP authorization store " + store_.file().string() +
                                 " holds an entry for 'files' that cannot be opened with this "
                                 "credential key; run kosmo mcp:login files again.");
  // The others can still be listed and replaced.
  EXPECT_THAT(other.servers().value(), ElementsAre("files"));
  ASSERT_EQ(other.save("files", full_entry()), std::nullopt);
  EXPECT_TRUE(other.load("files").value().has_value());
}

TEST_F(OAuthTokenStoreTest, AnEntryThatIsNotSealedJsonIsAConfigError) {
  std::filesystem::create_directories(store_.file().parent_path());
  write_text(store_.file(), R"({"servers": {"files": "enc:v1:AAAA"}})");
  const Failure failure = failure_of(store_.load("files"));
  EXPECT_EQ(failure.code, ErrorCode::kConfig);
  EXPECT_THAT(failure.message, HasSubstr("run kosmo mcp:login files again."));
}

TEST_F(OAuthTokenStoreTest, WithoutAnyKeyAnEntryCannotBeOpened) {
  ASSERT_EQ(store_.save("files", full_entry()), std::nullopt);
  config::MapEnvironment no_key = env_;
  no_key.unset("KOSMO_CREDENTIAL_KEY");
  const Failure failure = failure_of(TokenStore(store_.file(), no_key).load("files"));
  EXPECT_EQ(failure.code, ErrorCode::kConfig);
  EXPECT_THAT(failure.message, HasSubstr("run kosmo mcp:login files again."));
}

TEST_F(OAuthTokenStoreTest, SavingWithoutAKeyCreatesTheKeyFile) {
  config::MapEnvironment no_key = env_;
  no_key.unset("KOSMO_CREDENTIAL_KEY");
  const TokenStore store(store_.file(), no_key);
  ASSERT_EQ(store.save("files", full_entry()), std::nullopt);
  EXPECT_TRUE(std::filesystem::exists(config::credential_key_file(no_key)));
  EXPECT_EQ(config::credential_key_file(no_key),
            dir_.path() / "home" / ".kosmokrator" / "credentials.key");
  const auto loaded = store.load("files");
  ASSERT_TRUE(loaded) << loaded.error().message;
  ASSERT_TRUE(loaded->has_value());
  EXPECT_EQ((*loaded)->tokens.access_token, "access-token-text-7");
}

}  // namespace
}  // namespace kosmo::oauth
