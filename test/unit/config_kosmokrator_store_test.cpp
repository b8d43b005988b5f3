// Credentials read from KosmoKrator's settings database, and where they rank among the sources.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

#include "lib/config/credential_cipher.h"
#include "lib/config/credentials.h"
#include "lib/config/kosmokrator_store.h"
#include "test/unit/sqlite_script.h"
#include "test/unit/test_files.h"

namespace kosmo::config {
namespace {

using ::testing::ElementsAre;
namespace fs = std::filesystem;

const std::vector<CredentialField> kSinchFields = {{"service_plan_id", true, false, std::nullopt},
                                                   {"api_token", true, true, std::nullopt}};

std::string setting(const std::string& key, const std::string& value) {
  return "INSERT INTO settings VALUES ('global', '" + key + "', '" + value + "', NULL);";
}

class KosmokratorStoreTest : public ::testing::Test {
 protected:
  fs::path database() const { return home_.path() / ".kosmo" / "data" / "kosmo.db"; }
  MapEnvironment env(const std::string& key = "store-test-key") const {
    return MapEnvironment({{"HOME", home_.path().string()}, {"KOSMO_CREDENTIAL_KEY", key}});
  }
  void write(const std::string& sql, const fs::path& file) {
    ASSERT_EQ(testing::run_sqlite_script(file, testing::kKosmokratorSettingsSchema + sql), "");
  }
  std::string sealed(const std::string& plain) {
    MapEnvironment with_key({{"KOSMO_CREDENTIAL_KEY", "store-test-key"}});
    return encrypt_credential(plain, *find_credential_key(with_key));
  }

  testing::TempDir home_{"kosmo-store"};
};

TEST_F(KosmokratorStoreTest, ReadsPlainAndSealedValuesAndAccounts) {
  write(setting("integration.sinch.accounts.default.service_plan_id", "plan-1") +
            setting("integration.sinch.accounts.default.api_token", sealed("tok-secret")) +
            setting("integration.sinch.accounts", R"({"work":true,"home":true})") +
            setting("integration.sinch.accounts.work.api_token", "work-token") +
            "INSERT INTO settings VALUES ('project', 'integration.sinch.accounts.x.api_token', "
            "'other scope', NULL);",
        database());
  const KosmokratorStore store = KosmokratorStore::load(database());
  EXPECT_EQ(store.value("sinch", "default", "service_plan_id"), "plan-1");
  EXPECT_EQ(store.value("sinch", "x", "api_token"), std::nullopt);
  EXPECT_THAT(store.account_names("sinch"), ElementsAre("work", "home"));
  EXPECT_TRUE(store.has_accounts("sinch"));
  EXPECT_FALSE(store.has_accounts("wildix"));

  const KosmoConfig empty;
  const MapEnvironment environment = env();
  const CredentialResolver resolver(empty, environment);
  const ResolvedCredentials got = resolver.resolve("sinch", "default", kSinchFields);
  EXPECT_TRUE(got.complete());
  EXPECT_EQ(got.values.at("api_token"), "tok-secret");
  EXPECT_EQ(got.sources.at("api_token"), CredentialSource::kKosmokratorStore);
  EXPECT_THAT(got.secret_values, ::testing::Contains("tok-secret"));
  EXPECT_THAT(resolver.accounts("sinch"), ElementsAre("default", "work", "home"));
  EXPECT_TRUE(resolver.is_enabled("sinch", kSinchFields));
}

// The accounts list is JSON from a file kosmo does not own: a value nested far too deep lists
// no accounts (as any value that is not an object does) instead of overflowing the C stack of a
// recursive parse.
TEST_F(KosmokratorStoreTest, AnAccountsValueNestedTooDeepListsNoAccounts) {
  write(setting("integration.sinch.accounts", std::string(300'000, '[')) +
            setting("integration.wildix.accounts", R"({"pbx": {"n": 1}})"),
        database());
  const KosmokratorStore store = KosmokratorStore::load(database());
  EXPECT_TRUE(store.account_names("sinch").empty());
  EXPECT_THAT(store.account_names("wildix"), ElementsAre("pbx"));
}

TEST_F(KosmokratorStoreTest, EnvironmentAndConfigWin) {
  write(setting("integration.sinch.accounts.default.service_plan_id", "from-db") +
            setting("integration.sinch.accounts.default.api_token", "db-token"),
        database());
  const KosmoConfig config = KosmoConfig::parse(
      "integrations:\n  sinch:\n    accounts:\n      default: {api_token: yaml-token}\n",
      "config.yaml");
  MapEnvironment environment = env();
  environment.set("KOSMO_SINCH_SERVICE_PLAN_ID", "from-env");
  const ResolvedCredentials got =
      CredentialResolver(config, environment).resolve("sinch", "default", kSinchFields);
  EXPECT_EQ(got.values.at("service_plan_id"), "from-env");
  EXPECT_EQ(got.values.at("api_token"), "yaml-token");
}

TEST_F(KosmokratorStoreTest, UndecryptableValueIsAConfigProblemNamingTheDatabase) {
  write(setting("integration.sinch.accounts.default.service_plan_id", "p") +
            setting("integration.sinch.accounts.default.api_token", sealed("tok")),
        database());
  const KosmoConfig empty;
  const MapEnvironment environment = env("another-key");
  const ResolvedCredentials got =
      CredentialResolver(empty, environment).resolve("sinch", "default", kSinchFields);
  EXPECT_THAT(got.missing, ElementsAre("api_token"));
  ASSERT_TRUE(got.config_problem);
  EXPECT_THAT(*got.config_problem, ::testing::HasSubstr("'api_token' of integration 'sinch'"));
  EXPECT_THAT(*got.config_problem, ::testing::HasSubstr(database().string()));
}

TEST_F(KosmokratorStoreTest, LegacyDatabaseIsUsedWhenTheNewOneIsAbsent) {
  EXPECT_EQ(kosmokrator_database(env()), std::nullopt);
  const fs::path legacy = home_.path() / ".kosmokrator" / "data" / "kosmokrator.db";
  write(setting("integration.sinch.accounts.default.api_token", "legacy"), legacy);
  EXPECT_EQ(kosmokrator_database(env()), legacy);
  write("", database());
  EXPECT_EQ(kosmokrator_database(env()), database());
}

TEST_F(KosmokratorStoreTest, MissingTableOrDamagedFileHoldsNothingAndChangesNothing) {
  ASSERT_EQ(
      testing::run_sqlite_script(database(), "PRAGMA journal_mode=WAL; CREATE TABLE other (x);"),
      "");
  EXPECT_FALSE(KosmokratorStore::load(database()).has_accounts("sinch"));
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(database().parent_path())) {
    names.push_back(entry.path().filename().string());
  }
  EXPECT_THAT(names, ElementsAre("kosmo.db"));  // no -wal, -shm or journal left behind

  std::ofstream(database(), std::ios::trunc) << "this is not a database, only some text\n";
  std::ostringstream log;
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>(
      "capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(log)));
  EXPECT_FALSE(KosmokratorStore::load(database()).has_accounts("sinch"));
  spdlog::set_default_logger(previous);
  EXPECT_THAT(log.str(), ::testing::HasSubstr(database().string()));
}

}  // namespace
}  // namespace kosmo::config
