// End to end: credentials a user configured in KosmoKrator, kept in its SQLite settings database
// ($HOME/.kosmo/data/kosmo.db), reach the fake Sinch API with nothing in the environment or in
// config.yaml; config.yaml wins when it has a value too.
#include <gtest/gtest.h>

#include "e2e/integration_harness.h"
#include "lib/config/credential_cipher.h"
#include "lib/config/credential_key.h"
#include "test/unit/sqlite_script.h"

namespace kosmo::e2e {
namespace {

constexpr const char kCredentialKey[] = "e2e-kosmokrator-store-key";

class KosmokratorStoreTest : public IntegrationTest {
 protected:
  KosmokratorStoreTest() {
    UnsetIntegrationEnv("SINCH");
    SetEnv("KOSMO_CREDENTIAL_KEY", kCredentialKey);
  }

  // Stores the default account as KosmoKrator's YamlCredentialResolver::set() does: the token
  // sealed, and a `work` alias in the accounts list.
  void WriteKosmokratorDatabase() {
    config::MapEnvironment env({{"KOSMO_CREDENTIAL_KEY", kCredentialKey}});
    const std::string sealed =
        config::encrypt_credential(secrets().sinch_token, *config::find_credential_key(env));
    const std::string prefix = "INSERT INTO settings VALUES ('global', 'integration.sinch.";
    const std::string sql = std::string(testing::kKosmokratorSettingsSchema) + prefix +
                            "accounts', '{\"default\":true,\"work\":true}', NULL);" + prefix +
                            "accounts.default.service_plan_id', 'plan-db', NULL);" + prefix +
                            "accounts.default.api_token', '" + sealed + "', NULL);" + prefix +
                            "accounts.default.base_url', '" + server().sinch_base_url() +
                            "', NULL);" + prefix +
                            "accounts.work.service_plan_id', 'plan-db-work', NULL);" + prefix +
                            "accounts.work.api_token', 'plain-work-token', NULL);";
    const std::filesystem::path database =
        std::filesystem::path(user_home().path()) / ".kosmo" / "data" / "kosmo.db";
    ASSERT_EQ(testing::run_sqlite_script(database, sql), "");
  }
};

TEST_F(KosmokratorStoreTest, CredentialsOnlyInKosmoDbAreUsed) {
  WriteKosmokratorDatabase();
  KosmoRun run = Lua("return app.integrations.sinch.get_group({group_id = 'g1'}).id");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  const fakes::RecordedRequest request = OnlyRequest();
  EXPECT_EQ(request.path, "/xms/v1/plan-db/groups/g1");
  EXPECT_EQ(request.header("authorization"), "Bearer " + secrets().sinch_token);
  ExpectNoSecrets(run, secrets().all());

  KosmoRun status = Run({"integrations:status", "sinch", "--json"});
  ASSERT_EQ(status.exit_code(), 0) << status.Describe();
  EXPECT_NE(status.process.out.find("\"kosmokrator\""), std::string::npos) << status.Describe();
  EXPECT_NE(status.process.out.find("\"work\""), std::string::npos) << status.Describe();
  EXPECT_EQ(status.process.out.find("\"not configured\""), std::string::npos) << status.Describe();
  ExpectNoSecrets(status, secrets().all());
}

TEST_F(KosmokratorStoreTest, ConfigYamlWinsOverKosmoDb) {
  WriteKosmokratorDatabase();
  WriteConfig(
      "integrations:\n  sinch:\n    accounts:\n      default:\n"
      "        service_plan_id: plan-yaml\n");
  KosmoRun run = Lua("return app.integrations.sinch.get_group({group_id = 'g2'}).id");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  const fakes::RecordedRequest request = OnlyRequest();
  // The plan from config.yaml; the fields it does not set still come from kosmo.db.
  EXPECT_EQ(request.path, "/xms/v1/plan-yaml/groups/g2");
  EXPECT_EQ(request.header("authorization"), "Bearer " + secrets().sinch_token);
}

}  // namespace
}  // namespace kosmo::e2e
