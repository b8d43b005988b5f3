// MCP through the built binary, stdio transport: app.mcp.<server>.<tool>, the mcp.* helpers, and
// the fake server's misbehaviours a real client meets (slow start, banners, split writes,
// paging, pings, huge results). Every test ends with the fixture's no-stray-process check.
#include <gtest/gtest.h>

#include <filesystem>
#include <ostream>

#include "e2e/mcp_harness.h"

namespace kosmo::e2e {
namespace {

class McpLuaTest : public McpTest {};

TEST_F(McpLuaTest, CallsToolsThroughTheAppNamespace) {
  WriteGlobalServers({{"fake", FakeEntry()}});
  McpRun run = Lua(R"(
    local weather = app.mcp.fake.get_weather{city = "Oslo"}
    return app.mcp.fake.echo{message = "hi"}, app.mcp.fake.add{a = 2, b = 3},
           weather.city, weather.celsius, app.mcp["fake"]["get-weather"]{city = "Rome"}.city)");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  // Text → string; a text that parses as JSON → its value; structuredContent wins.
  EXPECT_EQ(run.result_json(0), R"("hi")");
  EXPECT_EQ(run.result_json(1), "5");
  EXPECT_EQ(run.result_json(2), R"("Oslo")");
  EXPECT_EQ(run.result_json(3), "21");
  EXPECT_EQ(run.result_json(4), R"("Rome")");
  // The child's stderr goes to our log, never to stdout (stdout is exactly one envelope).
  EXPECT_TRUE(run.envelope.IsObject()) << run.parse_error;
}

TEST_F(McpLuaTest, HelpersListDescribeAndCall) {
  WriteGlobalServers({{"fake", FakeEntry()}});
  McpRun run = Lua(R"(
    local servers, count = mcp.servers(), 0
    for _ in pairs(servers) do count = count + 1 end
    local tools = mcp.tools("fake")
    local names = {}
    for _, t in ipairs(tools) do names[t.lua_name] = t.operation end
    local schema = mcp.schema("fake.echo")
    local readme = mcp.read_resource("fake", "fake://readme")
    local prompt = mcp.get_prompt("fake", "summarize", {topic = "MCP"})
    return count, servers.fake.name, servers.fake.type, servers.fake.project, #tools,
           names.get_weather, names.create_issue, schema.schema.required[1],
           mcp.call("fake.add", {a = 1, b = 2}), mcp.resources("fake")[1].uri,
           readme.contents[1].text, mcp.prompts("fake")[1].name,
           prompt.messages[1].content.text)");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  const char* expected[] = {"1",
                            R"("fake")",
                            R"("stdio")",
                            "false",
                            "11",
                            R"("read")",
                            R"("write")",
                            R"("message")",
                            "3",
                            R"("fake://readme")",
                            R"("Fake README")",
                            R"("summarize")",
                            R"("Summarize MCP")"};
  for (size_t i = 0; i < std::size(expected); ++i) {
    EXPECT_EQ(run.result_json(i), expected[i]) << "result #" << i;
  }
}

TEST_F(McpLuaTest, ServersListingStartsNothing) {
  const std::string started = project().path() + "/started";
  WriteGlobalServers({{"lazy", "{\"command\":\"sh\",\"args\":[\"-c\",\"touch " + started +
                                   "; exec " + FakeBinary() + "\"],\"env\":{\"" + kMarkerVariable +
                                   "\":" + JsonString(marker()) + "}}"}});
  McpRun run = Lua("return mcp.servers().lazy.name, mcp.servers().lazy.lua_name");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(run.result_json(1), R"("lazy")");
  EXPECT_FALSE(std::filesystem::exists(started)) << "mcp.servers() started the server";
  // Touching a tool does start it: the marker proves the probe works.
  run = Lua("return app.mcp.lazy.echo{message = 'x'}");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_TRUE(std::filesystem::exists(started));
}

TEST_F(McpLuaTest, UnknownToolSuggestsNearNames) {
  WriteGlobalServers({{"fake", FakeEntry()}});
  McpRun run = Lua("return app.mcp.fake.ecko{message = 'x'}");
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(run.error_code(), "mcp_error");
  EXPECT_NE(run.error().find("app.mcp.fake.echo"), std::string::npos) << run.error();
  run = Lua("return app.mcp.nope.echo{}");
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_NE(run.error().find("Unknown MCP server 'nope'"), std::string::npos) << run.error();
}

TEST_F(McpLuaTest, IsErrorRaisesWithTheServersText) {
  WriteGlobalServers({{"fake", FakeEntry()}});
  McpRun run = Lua("return app.mcp.fake.fail{}", {"--force"});
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(run.error_code(), "mcp_error");
  EXPECT_NE(run.error().find("Something went wrong"), std::string::npos) << run.error();
  // pcall sees the same error, and the script goes on.
  run = Lua(R"(local ok, err = pcall(mcp.call, "fake.fail", {})
               return ok, tostring(err):find("Something went wrong") ~= nil)",
            {"--force"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(run.result_json(0), "false");
  EXPECT_EQ(run.result_json(1), "true");
}

// Server quirks that must not break a call: each runs echo and add.
struct Quirk {
  const char* name;
  std::vector<std::string> args;
};

// gtest would print the parameter as raw bytes in CTest names otherwise.
void PrintTo(const Quirk& quirk, std::ostream* out) { *out << quirk.name; }

class McpQuirkTest : public McpTest, public ::testing::WithParamInterface<Quirk> {};

TEST_P(McpQuirkTest, StillAnswers) {
  WriteGlobalServers({{"fake", FakeEntry(GetParam().args)}});
  McpRun run = Lua(R"(return app.mcp.fake.echo{message = "q"}, app.mcp.fake.add{a = 40, b = 2},
                            #mcp.tools("fake"))");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(run.result_json(0), R"("q")");
  EXPECT_EQ(run.result_json(1), "42");
  EXPECT_EQ(run.result_json(2), "11");
}

INSTANTIATE_TEST_SUITE_P(
    Fake, McpQuirkTest,
    ::testing::Values(Quirk{"SlowStart", {"--slow-start", "700"}}, Quirk{"Banner", {"--banner"}},
                      Quirk{"SplitWrites", {"--split-writes"}},
                      Quirk{"Paging", {"--page-size", "4"}}, Quirk{"Chatty", {"--chatty"}},
                      Quirk{"PingFirst", {"--ping-first"}},
                      Quirk{"OlderProtocol", {"--protocol-version", "2025-03-26"}},
                      Quirk{"NoisyStderr", {"--stderr-bytes", "300000"}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(McpLuaTest, AnswersTheServersPing) {
  WriteGlobalServers({{"fake", FakeEntry({"--ping-first"})}});
  McpRun run = Lua(R"(app.mcp.fake.echo{message = "a"}
                      return mcp.call("fake.inspect", {}).pings_answered)",
                   {"--force"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(run.result_json(0), "2");  // one ping before each tools/call answer
}

TEST_F(McpLuaTest, RepeatedCursorEndsTheListing) {
  WriteGlobalServers({{"fake", FakeEntry({"--page-size", "4", "--repeat-cursor"})}});
  McpRun run = Lua("return #mcp.tools('fake') > 0");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(run.result_json(0), "true");
  EXPECT_LT(run.process.wall_seconds, 10);
}

TEST_F(McpLuaTest, HugeResultArrivesWhole) {
  WriteGlobalServers({{"fake", FakeEntry()}});
  McpRun run = Lua(R"(local s = app.mcp.fake.huge{bytes = 8388608}
                      return #s, s:sub(1, 3))");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(run.result_json(0), "8388608");
  EXPECT_EQ(run.result_json(1), R"("xxx")");
}

TEST_F(McpLuaTest, EntryEnvReachesTheServerAndSecretsOfOursDoNot) {
  WriteGlobalServers({{"fake", FakeEntry({}, "", R"("GREETING": "${E2E_GREETING:-hello}")")}});
  McpRun run = Run({"mcp:lua", "--json", "--force", "--eval",
                    "local e = app.mcp.fake.get_env{}.env return e.GREETING, e.KOSMO_HOME == nil"},
                   {{"E2E_GREETING", "bonjour"}});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(run.result_json(0), R"("bonjour")");
  EXPECT_EQ(run.result_json(1), "true") << "kosmo's own environment leaked into the server";
}

// A credential handed to a server through its entry (here an env variable named like one) is
// the user's secret: a server that echoes it back does not get it onto stdout or stderr.
TEST_F(McpLuaTest, CredentialsInTheEntryAreRedactedWhenTheServerEchoesThem) {
  const std::string token = "mcp-canary-token-5a7c91";
  WriteGlobalServers({{"fake", FakeEntry({}, "", R"("SERVICE_TOKEN": "${E2E_TOKEN}")")}});
  McpRun run = Run({"mcp:lua", "--json", "--force", "-v", "--eval",
                    "local e = app.mcp.fake.get_env{}.env print(e.SERVICE_TOKEN) "
                    "return e.SERVICE_TOKEN"},
                   {{"E2E_TOKEN", token}});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(run.result_json(0), R"("<redacted>")");
  EXPECT_EQ(run.process.out.find(token), std::string::npos) << run.Describe();
  EXPECT_EQ(run.process.err.find(token), std::string::npos) << run.Describe();
}

}  // namespace
}  // namespace kosmo::e2e
