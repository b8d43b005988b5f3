// --record against the fake vendors, then --replay with no credentials and nothing listening:
// the envelope must be byte-identical, the cassette must hold no secret, and replay must not
// touch the network (product.md §8).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "e2e/integration_harness.h"

namespace kosmo::e2e {
namespace {

namespace faults = fakes::faults;

// Reads the whole of a file written by kosmo.
std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class RecordReplayTest : public IntegrationTest {
 protected:
  std::string Cassette() const { return kosmo_home().path() + "/cassette.json"; }

  // Takes the network and every credential away: replay must not need either.
  void Disconnect() {
    UnsetIntegrationEnv("SINCH");
    UnsetIntegrationEnv("ANTHROPIC");
    SetEnv("KOSMO_SINCH_BASE_URL", "http://127.0.0.1:1/xms/v1");
    SetEnv("KOSMO_ANTHROPIC_URL", "http://127.0.0.1:1/v1");
  }
};

constexpr const char kWorkflow[] = R"(
  local groups = app.integrations.sinch.list_groups({page = 0})
  local models = app.integrations.anthropic.list_models({limit = 2})
  local ok, err = pcall(app.integrations.sinch.get_group, {group_id = "missing"})
  return #groups.groups, models.data[1].id, ok, tostring(err)
)";

TEST_F(RecordReplayTest, ReplayWithoutNetworkOrCredentialsIsByteIdentical) {
  server().inject(faults::VendorError(404, "group not found"), SinchPath("/groups/missing"));
  KosmoRun recorded = Lua(kWorkflow, {"--record", Cassette(), "--deterministic"});
  ASSERT_EQ(recorded.exit_code(), 0) << recorded.Describe();
  const size_t requests_while_recording = server().requests().size();
  ASSERT_EQ(requests_while_recording, 3u);

  Disconnect();
  KosmoRun first = Lua(kWorkflow, {"--replay", Cassette(), "--deterministic"});
  KosmoRun second = Lua(kWorkflow, {"--replay", Cassette(), "--deterministic"});
  ASSERT_EQ(first.exit_code(), 0) << first.Describe();
  EXPECT_EQ(first.process.out, recorded.process.out);
  EXPECT_EQ(second.process.out, first.process.out);
  EXPECT_EQ(server().requests().size(), requests_while_recording) << "replay reached the server";
}

TEST_F(RecordReplayTest, CassettesHoldNoSecretEvenWhenTheVendorEchoesThem) {
  server().inject(faults::EchoCredentials(200), SinchPath("/groups"));
  server().inject(faults::EchoCredentials(401), AnthropicPath("/models"));
  KosmoRun run = Lua(R"(
    app.integrations.sinch.list_groups()
    pcall(app.integrations.anthropic.list_models, {})
  )", {"--record", Cassette()});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  const std::string cassette = slurp(Cassette());
  ASSERT_FALSE(cassette.empty());
  EXPECT_NE(cassette.find("<redacted>"), std::string::npos);
  for (const std::string& secret : secrets().all()) {
    EXPECT_EQ(cassette.find(secret), std::string::npos) << "secret in cassette";
  }
}

TEST_F(RecordReplayTest, AFailedTransferIsRecordedAndReplayed) {
  SetEnv("KOSMO_SINCH_BASE_URL", "http://127.0.0.1:1/xms/v1");
  const std::string code = "return pcall(app.integrations.sinch.list_batches, {})";
  KosmoRun recorded = Lua(code, {"--record", Cassette(), "--deterministic"});
  ASSERT_EQ(recorded.exit_code(), 0) << recorded.Describe();
  Disconnect();
  KosmoRun replayed = Lua(code, {"--replay", Cassette(), "--deterministic"});
  EXPECT_EQ(replayed.process.out, recorded.process.out);
  EXPECT_NE(replayed.process.out.find("Sinch connection error"), std::string::npos);
}

TEST_F(RecordReplayTest, AnExtraRequestIsAReplayMiss) {
  KosmoRun recorded =
      Lua("return app.integrations.sinch.list_groups()", {"--record", Cassette()});
  ASSERT_EQ(recorded.exit_code(), 0) << recorded.Describe();
  Disconnect();
  KosmoRun replayed = Lua(
      "app.integrations.sinch.list_groups() return app.integrations.sinch.list_groups()",
      {"--replay", Cassette()});
  EXPECT_EQ(replayed.exit_code(), 4) << replayed.Describe();
  EXPECT_EQ(replayed.error_code(), "replay_miss");
  EXPECT_NE(replayed.error().find("GET /groups (sinch)"), std::string::npos) << replayed.error();
}

}  // namespace
}  // namespace kosmo::e2e
