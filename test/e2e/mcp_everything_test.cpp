// Interoperability with an MCP server nobody here wrote: @modelcontextprotocol/server-everything
// (the protocol's reference "everything" server, mcp.md §7.4), over stdio and over Streamable
// HTTP, through the built binary. scripts/install-mcp-peer installs it into build/mcp-peer;
// without it (or without node) every test here SKIPS with a loud message, it never passes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "e2e/mcp_harness.h"
#include "fakes/fake_vendor_server.h"

namespace kosmo::e2e {
namespace {

namespace fs = std::filesystem;

// $KOSMO_MCP_EVERYTHING, else <source>/build/mcp-peer/node_modules/.bin/mcp-server-everything;
// "" when neither exists.
std::string EverythingBinary() {
  if (const char* path = std::getenv("KOSMO_MCP_EVERYTHING"); path != nullptr && *path != '\0') {
    return fs::exists(path) ? path : "";
  }
#ifdef KOSMO_SOURCE_DIR
  const fs::path path =
      fs::path(KOSMO_SOURCE_DIR) / "build/mcp-peer/node_modules/.bin/mcp-server-everything";
  if (fs::exists(path)) return path.string();
#endif
  return "";
}

bool NodeAvailable() {
  for (const char* dir : {"/usr/local/bin", "/usr/bin", "/bin"}) {
    if (access((std::string(dir) + "/node").c_str(), X_OK) == 0) return true;
  }
  return false;
}

#define SKIP_WITHOUT_EVERYTHING()                                                                  \
  do {                                                                                             \
    if (everything_.empty() || !NodeAvailable()) {                                                 \
      std::fprintf(                                                                                \
          stderr,                                                                                  \
          "\n!!!!!!!! MCP INTEROPERABILITY NOT TESTED: %s. Run scripts/install-mcp-peer "          \
          "(needs node and npm) or set KOSMO_MCP_EVERYTHING. !!!!!!!!\n\n",                        \
          everything_.empty() ? "mcp-server-everything is not installed" : "node is not on PATH"); \
      GTEST_SKIP() << "MCP interoperability NOT TESTED: server-everything or node missing "        \
                      "(scripts/install-mcp-peer)";                                                \
    }                                                                                              \
  } while (0)

// The same script over both transports: echo, get-sum, structured output, a long-running tool
// (1 s in 2 steps), resources, prompts. Hyphenated names are reached by their Lua names.
constexpr const char kScript[] = R"(
  local names = {}
  for _, t in ipairs(mcp.tools("every")) do names[t.name] = t.operation end
  local weather = app.mcp.every.get_structured_content{location = "Chicago"}
  local resources = mcp.resources("every")
  local document = mcp.read_resource("every", resources[1].uri)
  local prompt = mcp.get_prompt("every", "args-prompt", {city = "Oslo"})
  local prompts = {}
  for _, p in ipairs(mcp.prompts("every")) do prompts[#prompts + 1] = p.name end
  return app.mcp.every.echo{message = "hi"},
         app.mcp.every.get_sum{a = 2, b = 3},
         type(weather.temperature), type(weather.conditions), type(weather.humidity),
         app.mcp.every.trigger_long_running_operation{duration = 1, steps = 2},
         names["get-sum"], names["toggle-simulated-logging"],
         #resources > 0, #document.contents[1].text > 0,
         prompt.messages[1].content.text:find("Oslo") ~= nil,
         table.concat(prompts, ","):find("simple%-prompt") ~= nil
)";

// The tools server-everything shows only to clients that declare roots and elicitation, which
// kosmo does over both transports (roots because the entries name them: "." is the run's
// directory, which get-roots-list then reports), and its
// elicitation (required fields without defaults) is declined. trigger-elicitation-request is a
// write, allowed by the policy the tests write. (trigger-sampling-request stays hidden: these
// entries do not allow sampling; see CheckSampling.)
constexpr const char kCapabilityScript[] = R"(
  local names = {}
  for _, t in ipairs(mcp.tools("every")) do names[t.name] = true end
  local roots = app.mcp.every.get_roots_list{}
  local answer = app.mcp.every.trigger_elicitation_request{}
  return names["get-roots-list"], names["trigger-elicitation-request"],
         names["trigger-sampling-request"] == nil,
         roots:find("URI: file:///", 1, true) ~= nil, answer[2].text:find('"decline"', 1, true) ~= nil
)";

class McpEverythingTest : public McpTest {
 protected:
  void CheckCapabilityTools() {
    WriteConfig("integrations:\n  \"mcp.every\":\n    permissions:\n      write: allow\n");
    const McpRun run = Lua(kCapabilityScript);
    ASSERT_EQ(run.exit_code(), 0) << run.Describe();
    for (size_t i = 0; i < 5; ++i) EXPECT_EQ(run.result_json(i), "true") << "result #" << i;
  }

  void CheckScriptResults(const McpRun& run) {
    ASSERT_EQ(run.exit_code(), 0) << run.Describe();
    const char* expected[] = {
        R"("Echo: hi")", R"("The sum of 2 and 3 is 5.")",
        R"("number")",   R"("string")",
        R"("number")",   R"("Long running operation completed. Duration: 1 seconds, Steps: 2.")",
        R"("read")",     R"("write")",
        "true",          "true",
        "true",          "true"};
    for (size_t i = 0; i < std::size(expected); ++i) {
      EXPECT_EQ(run.result_json(i), expected[i]) << "result #" << i;
    }
  }

  // An entry that allows sampling ("sampling": true, with its transport's fields in `entry`):
  // server-everything then shows trigger-sampling-request, whose sampling/createMessage kosmo
  // answers inside the call through the Anthropic account, here the fake Anthropic API.
  void CheckSampling(const std::string& entry) {
    WriteGlobalServers({{"every", entry}});
    fakes::FakeVendorServer anthropic;
    const McpRun run = Run(
        {"mcp:lua", "--json", "--timeout", "20", "--force", "--eval",
         "return app.mcp.every.trigger_sampling_request{prompt = 'Name a colour', maxTokens = 30}"},
        {{"KOSMO_MCP_ALLOW_FORCE", "1"},
         {"KOSMO_ANTHROPIC_API_KEY", "sk-ant-canary-e7d1"},
         {"KOSMO_ANTHROPIC_URL", anthropic.anthropic_base_url()}});
    ASSERT_EQ(run.exit_code(), 0) << run.Describe();
    const std::string result = run.result_json();
    EXPECT_NE(result.find("LLM sampling result"), std::string::npos) << result;
    EXPECT_NE(result.find("Hi! My name is Claude."), std::string::npos) << result;
    EXPECT_NE(result.find("endTurn"), std::string::npos) << result;
    const auto requests = anthropic.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].path, "/v1/messages");
    for (const char* sent : {R"("text":"Resource trigger-sampling-request context: Name a colour")",
                             R"("system":"You are a helpful test server.")", R"("max_tokens":30)",
                             R"("temperature":0.7)", R"("model":"claude-sonnet-4-5")"}) {
      EXPECT_NE(requests[0].body.find(sent), std::string::npos)
          << sent << " in " << requests[0].body;
    }
    EXPECT_EQ(run.process.out.find("sk-ant-canary-e7d1"), std::string::npos);
  }

  std::string everything_ = EverythingBinary();
};

TEST_F(McpEverythingTest, Stdio) {
  SKIP_WITHOUT_EVERYTHING();
  WriteGlobalServers(
      {{"every", "{\"command\":" + JsonString(everything_) + ",\"args\":[\"stdio\"],\"env\":{\"" +
                     kMarkerVariable + "\":" + JsonString(marker()) + "},\"roots\":[\".\"]}"}});
  CheckScriptResults(Lua(kScript));
  CheckCapabilityTools();
}

TEST_F(McpEverythingTest, StreamableHttp) {
  SKIP_WITHOUT_EVERYTHING();
  const int port = FreePort();
  Spawn({everything_, "streamableHttp"}, {{"PORT", std::to_string(port)}});
  ASSERT_TRUE(WaitForPort(port, 15)) << "server-everything did not listen on " << port;
  WriteGlobalServers({{"every", HttpEntry(port, R"("roots": ["."])")}});
  CheckScriptResults(Lua(kScript));
  CheckCapabilityTools();
}

TEST_F(McpEverythingTest, SamplingOverStdio) {
  SKIP_WITHOUT_EVERYTHING();
  CheckSampling("{\"command\":" + JsonString(everything_) + ",\"args\":[\"stdio\"],\"env\":{\"" +
                kMarkerVariable + "\":" + JsonString(marker()) + "},\"sampling\":true}");
}

TEST_F(McpEverythingTest, SamplingOverStreamableHttp) {
  SKIP_WITHOUT_EVERYTHING();
  const int port = FreePort();
  Spawn({everything_, "streamableHttp"}, {{"PORT", std::to_string(port)}});
  ASSERT_TRUE(WaitForPort(port, 15)) << "server-everything did not listen on " << port;
  CheckSampling(HttpEntry(port, R"("sampling": true)"));
}

TEST_F(McpEverythingTest, WriteToolIsRefusedWithoutForce) {
  SKIP_WITHOUT_EVERYTHING();
  WriteGlobalServers(
      {{"every", "{\"command\":" + JsonString(everything_) + ",\"args\":[\"stdio\"],\"env\":{\"" +
                     kMarkerVariable + "\":" + JsonString(marker()) + "}}"}});
  McpRun run = Lua("return app.mcp.every.toggle_simulated_logging{}");
  EXPECT_EQ(run.exit_code(), 4) << run.Describe();
  EXPECT_EQ(run.error_code(), "permission_denied");
  // Its own validation errors come back as isError results: a Lua error with its text.
  run = Lua("return app.mcp.every.get_sum{a = 'two'}");
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(run.error_code(), "mcp_error");
  EXPECT_FALSE(run.error().empty());
}

}  // namespace
}  // namespace kosmo::e2e
