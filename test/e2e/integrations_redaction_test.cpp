// End to end redaction canaries (product.md §7): each fixture's credentials are unique values,
// and the fake echoes them back in error bodies and in success data. None may reach stdout or
// stderr, at any log level, in JSON or plain mode.
#include <gtest/gtest.h>

#include "e2e/integration_harness.h"

namespace kosmo::e2e {
namespace {

namespace faults = fakes::faults;

class RedactionTest : public IntegrationTest {
 protected:
  // Every output mode a user may run with.
  std::vector<std::vector<std::string>> Modes() const { return {{}, {"-v"}}; }
  KosmoRun LuaLogged(const std::string& code, const std::vector<std::string>& flags) {
    SetEnv("KOSMO_LOG", "debug");
    return Lua(code, flags);
  }
};

TEST_F(RedactionTest, EchoedCredentialsInSinchErrorsAreRedacted) {
  const std::string path = SinchPath("/groups");
  for (const auto& flags : Modes()) {
    server().inject(faults::EchoCredentials(401), path);
    KosmoRun run = LuaLogged("return app.integrations.sinch.list_groups()", flags);
    EXPECT_EQ(run.exit_code(), 1) << run.Describe();
    EXPECT_EQ(run.error().rfind("Sinch API error (401): ", 0), 0u) << run.error();
    EXPECT_NE(run.error().find("<redacted>"), std::string::npos) << run.error();
    ExpectNoSecrets(run, secrets().all());
  }
  // The echo really carried the token, so the check above is meaningful.
  const auto requests = server().requests();
  ASSERT_FALSE(requests.empty());
  EXPECT_NE(requests.back().response_body.find(secrets().sinch_token), std::string::npos);
}

TEST_F(RedactionTest, EchoedKeysInAnthropicErrorsAreRedacted) {
  const std::string path = AnthropicPath("/organizations/me");
  for (const auto& flags : Modes()) {
    server().inject(faults::EchoCredentials(403), path);
    KosmoRun run = LuaLogged("return app.integrations.anthropic.get_organization({})", flags);
    EXPECT_EQ(run.exit_code(), 1) << run.Describe();
    EXPECT_EQ(run.error().rfind("Anthropic API error (403): Invalid credentials", 0), 0u)
        << run.error();
    ExpectNoSecrets(run, secrets().all());
  }
  EXPECT_NE(server().requests().back().response_body.find(secrets().anthropic_admin_key),
            std::string::npos);
}

TEST_F(RedactionTest, EchoedCredentialsInSuccessDataAreRedacted) {
  const std::string path = SinchPath("/groups");
  for (const auto& flags : Modes()) {
    server().inject(faults::EchoCredentials(200), path);
    KosmoRun run = LuaLogged(R"(local r = app.integrations.sinch.list_groups()
                                print(r.received_authorization)
                                dump(r)
                                return r)",
                             flags);
    EXPECT_EQ(run.exit_code(), 0) << run.Describe();
    ExpectNoSecrets(run, secrets().all());
  }
}

TEST_F(RedactionTest, CaughtErrorsReturnedByTheScriptAreRedacted) {
  server().inject(faults::EchoCredentials(401), AnthropicPath("/models"));
  KosmoRun run = Lua(R"(
    local ok, err = pcall(app.integrations.anthropic.list_models, {})
    print(tostring(err))
    return tostring(err), err)");
  EXPECT_EQ(run.exit_code(), 0) << run.Describe();
  ExpectNoSecrets(run, secrets().all());
}

TEST_F(RedactionTest, PlainModeAndRetriesAreRedactedToo) {
  // Two echoed failures before success: the retry path logs them.
  server().inject(faults::EchoCredentials(503), SinchPath("/batches"), 2);
  server().inject(faults::EchoCredentials(401), AnthropicPath("/models"));
  SetEnv("KOSMO_LOG", "debug");
  KosmoRun run = Run({"integrations:lua", "--timeout", kRunTimeout, "-v", "--eval",
                      R"(print(json.encode(app.integrations.sinch.list_batches({})))
                         return app.integrations.anthropic.list_models({}))"});
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(server().request_count(), 4u) << run.Describe();
  ExpectNoSecrets(run, secrets().all());
}

// Tokens with characters that JSON-escape (`"`, `\`) and percent-encode differently: whatever
// spelling an echo takes, the token's unique tail must not survive.
class EscapedTokenRedactionTest : public RedactionTest {
 protected:
  EscapedTokenRedactionTest() : tail_(secrets().sinch_work_token) {
    SetEnv("KOSMO_SINCH_API_TOKEN", "tri\"cky\\to/ken+ " + tail_);
  }
  void ExpectTailAbsent(const std::string& code) {
    KosmoRun run = LuaLogged(code, {"-v"});
    EXPECT_EQ(run.process.out.find(tail_), std::string::npos) << run.Describe();
    EXPECT_EQ(run.process.err.find(tail_), std::string::npos) << run.Describe();
    const auto requests = server().requests();
    ASSERT_FALSE(requests.empty());
    EXPECT_NE(requests.back().response_body.find(tail_), std::string::npos);
  }
  const std::string tail_;  // unique, only [a-z0-9-]
};

TEST_F(EscapedTokenRedactionTest, InErrorsAndResults) {
  server().inject(faults::EchoCredentials(401), SinchPath("/groups"));
  ExpectTailAbsent("return app.integrations.sinch.list_groups()");
  server().inject(faults::EchoCredentials(200), SinchPath("/batches"));
  ExpectTailAbsent("return app.integrations.sinch.list_batches()");
}

TEST_F(EscapedTokenRedactionTest, InPrintedTables) {
  server().inject(faults::EchoCredentials(200), SinchPath("/batches"));
  ExpectTailAbsent("print(app.integrations.sinch.list_batches())");
}

TEST_F(RedactionTest, DryRunAndCallLogNeverShowCredentials) {
  KosmoRun run = Lua(R"(
    local a = app.integrations.anthropic.update_user({id = "u1", payload = {role = "user"}})
    local s = app.integrations.sinch.send_sms({from = "a", to = "b", body = "c"})
    dump(a) dump(s)
    return a, s)",
                     {"--dry-run", "-v"});
  EXPECT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(server().request_count(), 0u);
  ExpectNoSecrets(run, secrets().all());
}

}  // namespace
}  // namespace kosmo::e2e
