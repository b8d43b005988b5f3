// OAuth for Streamable HTTP MCP servers through the built binary, against the fake server in its
// OAuth mode (`kosmo_fake_mcp --http --oauth`: protected resource and authorization server in one,
// test/fakes/mcp/fake_oauth.h; its GET /debug/log lists what kosmo sent, secrets left out). The
// "browser" (KOSMO_OAUTH_BROWSER) is test/interop/oauth_browser_follow, which follows the fake's
// redirect to kosmo's loopback listener as an approving person's browser would.
//
// The fake's tokens start "fake-at-" and "fake-rt-": no stdout, stderr or file kosmo writes may
// contain them.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "e2e/mcp_harness.h"
#include "e2e/node_peer.h"

namespace kosmo::e2e {
namespace {

class McpOAuthTest : public McpTest {
 protected:
  static std::vector<std::pair<std::string, std::string>> WithBrowser() {
    return {{"KOSMO_OAUTH_BROWSER", InteropScript("oauth_browser_follow")}};
  }
  McpRun Login(const std::string& server = "web") {
    return Run({"mcp:login", server, "--json", "--timeout", "20"}, WithBrowser());
  }
  static std::string FileText(const std::string& path) {
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
  }
  std::string StoreText() const { return FileText(home().path() + "/mcp-oauth.json"); }
  // A fake that knows one confidential client, and the "web" entry using the client credentials
  // grant with it; the entry takes the secret from kClientSecretEnv.
  int StartClientCredentialsFake() {
    const int port = StartHttpFake({"--oauth", "--oauth-client", "ci-client:ci-secret-e2e"});
    if (port != 0) {
      WriteGlobalServers({{"web", HttpEntry(port, R"("oauth": {"grant": "client_credentials",
                                                 "client_id": "ci-client",
                                                 "client_secret": "${E2E_CLIENT_SECRET}"})")}});
    }
    return port;
  }
  static inline const std::vector<std::pair<std::string, std::string>> kClientSecretEnv = {
      {"E2E_CLIENT_SECRET", "ci-secret-e2e"}};
  // The run shows no token of the fake's.
  static void ExpectNoTokens(const McpRun& run) {
    for (const char* token : {"fake-at-", "fake-rt-", "fake-secret-"}) {
      EXPECT_EQ(run.process.out.find(token), std::string::npos) << token << "\n" << run.Describe();
      EXPECT_EQ(run.process.err.find(token), std::string::npos) << token << "\n" << run.Describe();
    }
  }
};

TEST_F(McpOAuthTest, ARunThatNeedsAPersonFailsWithAuthRequired) {
  const int port = StartHttpFake({"--oauth"});
  ASSERT_NE(port, 0);
  WriteGlobalServers({{"web", HttpEntry(port)}});
  McpRun run = Lua("return app.mcp.web.echo{message = 'hi'}");
  EXPECT_EQ(run.exit_code(), 5) << run.Describe();
  EXPECT_EQ(run.error_code(), "auth_required");
  EXPECT_NE(run.error().find("kosmo mcp:login web"), std::string::npos) << run.error();
  const rapidjson::Document log = FakeServerLog(port);
  EXPECT_EQ(CountEntries(log, "path", "/authorize"), 0u) << "no browser, no authorization request";
  EXPECT_EQ(CountEntries(log, "path", "/token"), 0u);
}

TEST_F(McpOAuthTest, LoginOnceThenHeadlessRunsSendTheToken) {
  const int port = StartHttpFake({"--oauth"});
  ASSERT_NE(port, 0);
  WriteGlobalServers({{"web", HttpEntry(port)}});
  McpRun login = Login();
  ASSERT_EQ(login.exit_code(), 0) << login.Describe();
  ASSERT_TRUE(login.envelope.IsObject()) << login.Describe();
  EXPECT_EQ(login.envelope["server"], "web");
  EXPECT_EQ(std::string(login.envelope["issuer"].GetString()),
            "http://127.0.0.1:" + std::to_string(port));
  EXPECT_TRUE(login.envelope["refresh_token"].GetBool());
  EXPECT_NE(login.process.err.find("/authorize?"), std::string::npos)
      << "the URL to approve is shown on stderr\n"
      << login.Describe();
  ExpectNoTokens(login);
  const std::string store = StoreText();
  EXPECT_NE(store.find("enc:v1:"), std::string::npos) << store;
  EXPECT_EQ(store.find("fake-"), std::string::npos) << "tokens are sealed: " << store;

  // No browser from here on: the stored token is enough.
  McpRun run = Lua("return app.mcp.web.echo{message = 'authorized'}");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(run.result_json(0), R"("authorized")");
  ExpectNoTokens(run);
  const rapidjson::Document log = FakeServerLog(port);
  EXPECT_EQ(CountEntries(log, "path", "/authorize"), 1u) << HttpGet(port, "/debug/log");
  EXPECT_EQ(CountEntries(log, "grant_type", "authorization_code"), 1u);
  EXPECT_EQ(CountEntries(log, "code_challenge_method", "S256"), 1u);
  for (const auto& entry : log.GetArray()) {
    if (entry.HasMember("resource")) {
      EXPECT_EQ(std::string(entry["resource"].GetString()),
                "http://127.0.0.1:" + std::to_string(port) + "/mcp");
    }
  }

  McpRun status = Run({"mcp:status", "web", "--json", "--offline"});
  ASSERT_EQ(status.exit_code(), 0) << status.Describe();
  const rapidjson::Value& oauth = status.envelope["servers"]["web"]["oauth"];
  ASSERT_TRUE(oauth.IsObject()) << status.Describe();
  EXPECT_TRUE(oauth["authorized"].GetBool());
  EXPECT_EQ(oauth["grant"], "authorization_code");
  ExpectNoTokens(status);
}

TEST_F(McpOAuthTest, AnExpiredTokenIsRefreshedWithoutABrowser) {
  const int port = StartHttpFake({"--oauth", "--token-ttl", "1"});
  ASSERT_NE(port, 0);
  WriteGlobalServers({{"web", HttpEntry(port)}});
  ASSERT_EQ(Login().exit_code(), 0);
  ::sleep(2);  // the fake's token lives one second
  McpRun run = Lua("return app.mcp.web.echo{message = 'refreshed'}");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(run.result_json(0), R"("refreshed")");
  const rapidjson::Document log = FakeServerLog(port);
  EXPECT_GE(CountEntries(log, "grant_type", "refresh_token"), 1u) << HttpGet(port, "/debug/log");
  EXPECT_EQ(CountEntries(log, "path", "/authorize"), 1u) << "only the login's";
  ExpectNoTokens(run);
}

// The session's GET stream (http_listen_stream.h) answers the server's questions on POSTs of its
// own. Once the run's thread has refreshed an expired token, those POSTs must carry the new one:
// with the token the stream was opened with, the server refuses the answer to its ping and holds
// the call until the run times out.
TEST_F(McpOAuthTest, TheGetStreamAnswersWithTheRefreshedToken) {
  const int port =
      StartHttpFake({"--oauth", "--token-ttl", "2", "--sse", "--ask-via-get", "--ping-first"});
  ASSERT_NE(port, 0);
  WriteGlobalServers({{"web", HttpEntry(port)}});
  ASSERT_EQ(Login().exit_code(), 0);
  McpRun run = Run({"mcp:lua", "--json", "--force", "--timeout", "15", "--eval",
                    "local first = app.mcp.web.echo{message = 'before'}\n"
                    "app.mcp.web.sleep{ms = 3000}\n"  // the token expires meanwhile
                    "return first, app.mcp.web.echo{message = 'after'}"},
                   {{"KOSMO_MCP_ALLOW_FORCE", "1"}});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(run.result_json(0), R"("before")");
  EXPECT_EQ(run.result_json(1), R"("after")");
  const rapidjson::Document log = FakeServerLog(port);
  EXPECT_GE(CountEntries(log, "grant_type", "refresh_token"), 1u) << HttpGet(port, "/debug/log");
  ExpectNoTokens(run);
}

TEST_F(McpOAuthTest, RunsStartedTogetherShareTheRotatingRefreshToken) {
  // The fake rotates refresh tokens (a spent one is refused) and its access tokens outlive no
  // refresh margin, so each of these runs refreshes on every request: without the refresh lock
  // all but one would spend the same refresh token, be refused and fail auth_required.
  const int port = StartHttpFake({"--oauth", "--token-ttl", "1"});
  ASSERT_NE(port, 0);
  WriteGlobalServers({{"web", HttpEntry(port)}});
  ASSERT_EQ(Login().exit_code(), 0);
  ::sleep(2);
  constexpr int kRuns = 4;
  std::vector<McpRun> runs(kRuns);
  std::vector<std::thread> threads;
  for (int i = 0; i < kRuns; ++i) {
    threads.emplace_back([this, &runs, i] {
      runs[i] = Lua("return app.mcp.web.echo{message = 'run " + std::to_string(i) + "'}");
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int i = 0; i < kRuns; ++i) {
    EXPECT_EQ(runs[i].exit_code(), 0) << runs[i].Describe();
    EXPECT_EQ(runs[i].result_json(0), "\"run " + std::to_string(i) + "\"");
    ExpectNoTokens(runs[i]);
  }
  const rapidjson::Document log = FakeServerLog(port);
  EXPECT_EQ(CountEntries(log, "path", "/authorize"), 1u) << "only the login's";
}

TEST_F(McpOAuthTest, ARevokedRefreshTokenIsAuthRequiredAndForgotten) {
  const int port = StartHttpFake({"--oauth", "--token-ttl", "1", "--revoke-refresh"});
  ASSERT_NE(port, 0);
  WriteGlobalServers({{"web", HttpEntry(port)}});
  ASSERT_EQ(Login().exit_code(), 0);
  ::sleep(2);
  McpRun run = Lua("return app.mcp.web.echo{message = 'x'}");
  EXPECT_EQ(run.exit_code(), 5) << run.Describe();
  EXPECT_EQ(run.error_code(), "auth_required");
  EXPECT_NE(run.error().find("kosmo mcp:login web"), std::string::npos) << run.error();
  ExpectNoTokens(run);
  McpRun status = Run({"mcp:status", "web", "--json", "--offline"});
  EXPECT_FALSE(status.envelope["servers"]["web"]["oauth"]["authorized"].GetBool())
      << status.Describe();
}

TEST_F(McpOAuthTest, ResourceMetadataNamingAnotherServerIsRefused) {
  const int port = StartHttpFake({"--oauth", "--oauth-resource", "https://evil.example.com/mcp"});
  ASSERT_NE(port, 0);
  WriteGlobalServers({{"web", HttpEntry(port)}});
  McpRun run = Run({"mcp:lua", "--json", "--timeout", "20", "--eval",
                    "return app.mcp.web.echo{message = 'x'}"},
                   WithBrowser());
  EXPECT_EQ(run.exit_code(), 5) << run.Describe();
  EXPECT_EQ(run.error_code(), "auth_required");
  EXPECT_NE(run.error().find("evil.example.com"), std::string::npos) << run.error();
  const rapidjson::Document log = FakeServerLog(port);
  EXPECT_EQ(CountEntries(log, "path", "/register"), 0u) << HttpGet(port, "/debug/log");
  EXPECT_EQ(CountEntries(log, "path", "/authorize"), 0u);
  EXPECT_EQ(CountEntries(log, "path", "/token"), 0u);
}

TEST_F(McpOAuthTest, ClientCredentialsNeedNoPersonAndKeepTheSecretOut) {
  const int port = StartClientCredentialsFake();
  ASSERT_NE(port, 0);
  McpRun run = Run({"mcp:lua", "--json", "--timeout", "20", "-v", "--eval",
                    "return app.mcp.web.echo{message = 'machine'}"},
                   kClientSecretEnv);
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(run.result_json(0), R"("machine")");
  const rapidjson::Document log = FakeServerLog(port);
  EXPECT_EQ(CountEntries(log, "grant_type", "client_credentials"), 1u) << HttpGet(port, "/debug/log");
  EXPECT_EQ(CountEntries(log, "client_auth", "basic"), 1u);
  EXPECT_EQ(CountEntries(log, "path", "/authorize"), 0u);
  ExpectNoTokens(run);
  EXPECT_EQ(run.process.out.find("ci-secret-e2e"), std::string::npos);
  EXPECT_EQ(run.process.err.find("ci-secret-e2e"), std::string::npos);
}

TEST_F(McpOAuthTest, LogoutForgetsTheTokens) {
  const int port = StartHttpFake({"--oauth"});
  ASSERT_NE(port, 0);
  WriteGlobalServers({{"web", HttpEntry(port)}});
  ASSERT_EQ(Login().exit_code(), 0);
  McpRun logout = Run({"mcp:logout", "web", "--json"});
  ASSERT_EQ(logout.exit_code(), 0) << logout.Describe();
  EXPECT_TRUE(logout.envelope["removed"].GetBool());
  McpRun again = Run({"mcp:logout", "web", "--json"});
  EXPECT_FALSE(again.envelope["removed"].GetBool()) << again.Describe();
  McpRun run = Lua("return app.mcp.web.echo{message = 'x'}");
  EXPECT_EQ(run.error_code(), "auth_required") << run.Describe();
}

TEST_F(McpOAuthTest, ACassetteNeverHoldsTheTokenAndItsReplayNeverAuthorizes) {
  const int port = StartHttpFake({"--oauth"});
  ASSERT_NE(port, 0);
  WriteGlobalServers({{"web", HttpEntry(port)}});
  ASSERT_EQ(Login().exit_code(), 0);
  const std::string cassette = home().path() + "/oauth-cassette.json";
  auto run_with = [&](const char* mode) {
    return Run({"mcp:lua", "--json", "--timeout", "20", mode, cassette, "--eval",
                "return app.mcp.web.echo{message = 'taped'}"});
  };
  McpRun recorded = run_with("--record");
  ASSERT_EQ(recorded.exit_code(), 0) << recorded.Describe();
  const std::string text = FileText(cassette);
  EXPECT_EQ(text.find("fake-at-"), std::string::npos) << text;
  ASSERT_EQ(Run({"mcp:logout", "web"}).exit_code(), 0);
  const size_t tokens_before = CountEntries(FakeServerLog(port), "path", "/token");
  McpRun replayed = run_with("--replay");
  ASSERT_EQ(replayed.exit_code(), 0) << replayed.Describe();
  EXPECT_EQ(replayed.result_json(0), R"("taped")");
  EXPECT_EQ(CountEntries(FakeServerLog(port), "path", "/token"), tokens_before) << "a replay authorized";
}

// A session whose first request goes out without a token (client credentials are fetched when
// the server asks) draws a 401 before the token is sent, and the cassette keeps it, followed by
// the authorized answer. A replay never authorizes; it used to fail with that 401. It now sends
// the request again, as the recorded run did (replayed_authorization.h).
TEST_F(McpOAuthTest, AReplayFollowsARecordedRefusalAsTheRecordedRunDid) {
  const int port = StartClientCredentialsFake();
  ASSERT_NE(port, 0);
  const std::string cassette = home().path() + "/first-401.json";
  auto run_with = [&](const char* mode) {
    return Run({"mcp:lua", "--json", "--timeout", "20", mode, cassette, "--eval",
                "return app.mcp.web.echo{message = 'taped'}"},
               kClientSecretEnv);
  };
  McpRun recorded = run_with("--record");
  ASSERT_EQ(recorded.exit_code(), 0) << recorded.Describe();
  const std::string text = FileText(cassette);
  EXPECT_NE(text.find("\"status\": 401"), std::string::npos) << text;
  EXPECT_EQ(text.find("fake-at-"), std::string::npos) << text;
  const size_t tokens_before = CountEntries(FakeServerLog(port), "path", "/token");
  McpRun replayed = run_with("--replay");
  ASSERT_EQ(replayed.exit_code(), 0) << replayed.Describe();
  EXPECT_EQ(replayed.result_json(0), R"("taped")");
  EXPECT_EQ(CountEntries(FakeServerLog(port), "path", "/token"), tokens_before)
      << "a replay authorized";
}

TEST_F(McpOAuthTest, OAuthFalseLeavesA401AnError) {
  const int port = StartHttpFake({"--oauth"});
  ASSERT_NE(port, 0);
  WriteGlobalServers({{"web", HttpEntry(port, R"("oauth": false)")}});
  McpRun run = Run({"mcp:lua", "--json", "--timeout", "20", "--eval",
                    "return app.mcp.web.echo{message = 'x'}"},
                   WithBrowser());
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(run.error_code(), "mcp_error");
  EXPECT_NE(run.error().find("401"), std::string::npos) << run.error();
  EXPECT_EQ(CountEntries(FakeServerLog(port), "path", "/token"), 0u);
}

TEST_F(McpOAuthTest, LoginNeedsAnHttpServerThatAsksForAuthorization) {
  const int port = StartHttpFake();  // no --oauth: initialize answers without a token
  ASSERT_NE(port, 0);
  WriteGlobalServers({{"open", HttpEntry(port)}, {"local", FakeEntry()}});
  McpRun open = Login("open");
  EXPECT_EQ(open.exit_code(), 2) << open.Describe();
  EXPECT_EQ(open.error_code(), "usage");
  EXPECT_NE(open.error().find("without asking for authorization"), std::string::npos)
      << open.error();
  McpRun local = Login("local");
  EXPECT_EQ(local.error_code(), "usage") << local.Describe();
  EXPECT_NE(local.error().find("not an HTTP server"), std::string::npos) << local.error();
  McpRun unknown = Login("nope");
  EXPECT_EQ(unknown.error_code(), "usage") << unknown.Describe();
}

}  // namespace
}  // namespace kosmo::e2e
