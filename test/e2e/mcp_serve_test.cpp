// `kosmo mcp:serve` end to end: the built binary over stdio, spoken to as an MCP client does,
// against the fake Sinch server and the fake MCP server.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "e2e/gateway_process.h"
#include "e2e/integration_harness.h"
#include "e2e/kosmo_process.h"
#include "e2e/mcp_harness.h"
#include "fakes/http_test_server.h"
#include "e2e/temp_dir.h"
#include "lib/common/utf8.h"

namespace kosmo::e2e {
namespace {

std::string Compact(const rapidjson::Value& value) { return ToJson(value); }

const rapidjson::Value* FindTool(const rapidjson::Value& list, const std::string& name) {
  if (!list.IsObject() || !list.HasMember("result")) return nullptr;
  for (const auto& tool : list["result"]["tools"].GetArray()) {
    if (name == tool["name"].GetString()) return &tool;
  }
  return nullptr;
}

class McpServeTest : public IntegrationTest {
 protected:
  McpServeTest() {
    const char* fake = std::getenv("KOSMO_FAKE_MCP");
    fake_mcp_ = fake != nullptr ? fake : "";
  }

  std::unique_ptr<GatewayProcess> Start(const std::vector<std::string>& flags,
                                        std::vector<std::pair<std::string, std::string>> extra = {}) {
    std::vector<std::string> args = {"mcp:serve"};
    args.insert(args.end(), flags.begin(), flags.end());
    auto env = this->env();
    env.insert(env.end(), extra.begin(), extra.end());
    auto gateway = std::make_unique<GatewayProcess>(args, env, project_.path(),
                                                    stderr_dir_.path() + "/stderr.txt");
    EXPECT_TRUE(gateway->started());
    return gateway;
  }

  // A fake MCP server entry (global or project) whose process carries the test's marker, so
  // StrayProcesses finds it.
  void WriteServers(const std::string& file, const std::string& name = "fake") {
    std::ofstream(file) << R"({"mcpServers":{")" << name << R"(":{"command":")" << fake_mcp_
                        << R"(","args":[],"env":{")" << kMarkerVariable << R"(":")" << marker_
                        << R"("}}}})";
  }

  std::string fake_mcp_;
  std::string marker_ = UniqueSecret("gw-marker-");
  TempDir project_{"kosmo-gw-project-"};
  TempDir stderr_dir_{"kosmo-gw-stderr-"};
};

TEST_F(McpServeTest, InitializeListsIntegrationToolsWithTheirSchemas) {
  auto gateway = Start({"--integration", "sinch"});
  auto init = Handshake(*gateway, "2025-06-18");
  ASSERT_TRUE(init.IsObject()) << gateway->Stderr();
  EXPECT_STREQ(init["result"]["protocolVersion"].GetString(), "2025-06-18");
  EXPECT_STREQ(init["result"]["serverInfo"]["name"].GetString(), "kosmo");

  auto list = gateway->Request(2, "tools/list", "{}");
  ASSERT_TRUE(list.IsObject()) << gateway->Stderr();
  const rapidjson::Value* get_group = FindTool(list, "integration__sinch__get_group");
  ASSERT_NE(get_group, nullptr) << Compact(list);
  EXPECT_TRUE((*get_group)["annotations"]["readOnlyHint"].GetBool());
  EXPECT_FALSE((*get_group)["annotations"]["destructiveHint"].GetBool());
  EXPECT_TRUE((*get_group)["annotations"]["idempotentHint"].GetBool());
  EXPECT_TRUE((*get_group)["annotations"]["openWorldHint"].GetBool());
  // Write tools are not listed under the default --write deny.
  EXPECT_EQ(FindTool(list, "integration__sinch__send_sms"), nullptr);
  // Every listed tool's inputSchema is what integrations:schema prints.
  KosmoRun schema = Run({"integrations:schema", "sinch.get_group", "--json"});
  ASSERT_EQ(schema.exit_code(), 0) << schema.Describe();
  const rapidjson::Value& envelope = schema.envelope;
  const rapidjson::Value* printed = nullptr;
  for (const char* key : {"input_schema", "schema", "inputSchema"}) {
    if (envelope.IsObject() && envelope.HasMember(key)) printed = &envelope[key];
    if (envelope.IsObject() && envelope.HasMember("data") && envelope["data"].IsObject() &&
        envelope["data"].HasMember(key)) {
      printed = &envelope["data"][key];
    }
  }
  ASSERT_NE(printed, nullptr) << schema.process.out;
  EXPECT_EQ(Compact(*printed), Compact((*get_group)["inputSchema"]));
  // The list is sorted by name.
  std::string previous;
  for (const auto& tool : list["result"]["tools"].GetArray()) {
    std::string name = tool["name"].GetString();
    EXPECT_LT(previous, name);
    previous = name;
  }
  gateway->CloseStdin();
  EXPECT_EQ(gateway->Wait(10), 0) << gateway->Stderr();
}

TEST_F(McpServeTest, WriteToolsListedUnderAllow) {
  auto gateway = Start({"--integration", "sinch", "--write", "allow"});
  ASSERT_TRUE(Handshake(*gateway).IsObject());
  auto list = gateway->Request(2, "tools/list", "{}");
  const rapidjson::Value* send = FindTool(list, "integration__sinch__send_sms");
  ASSERT_NE(send, nullptr);
  EXPECT_FALSE((*send)["annotations"]["readOnlyHint"].GetBool());
  EXPECT_TRUE((*send)["annotations"]["destructiveHint"].GetBool());
  EXPECT_FALSE((*send)["annotations"]["idempotentHint"].GetBool());
}

TEST_F(McpServeTest, ReadCallReturnsStructuredContentAndText) {
  auto gateway = Start({"--integration", "sinch", "-v"});
  ASSERT_TRUE(Handshake(*gateway).IsObject());
  auto call = gateway->Request(
      2, "tools/call",
      R"({"name":"integration__sinch__get_group","arguments":{"group_id":"01FC66621VHDBN119Z8PMV1QPQ"}})");
  ASSERT_TRUE(call.IsObject()) << gateway->Stderr();
  ASSERT_TRUE(call.HasMember("result")) << Compact(call);
  const auto& result = call["result"];
  EXPECT_FALSE(result["isError"].GetBool());
  EXPECT_TRUE(result["structuredContent"].IsObject());
  EXPECT_TRUE(result["structuredContent"].HasMember("id")) << Compact(result);
  EXPECT_STREQ(result["content"][0]["type"].GetString(), "text");
  EXPECT_NE(std::string(result["content"][0]["text"].GetString()).find("01FC66621VHDBN119Z8PMV1QPQ"),
            std::string::npos);
  gateway->CloseStdin();
  EXPECT_EQ(gateway->Wait(10), 0);
  const std::string err = gateway->Stderr();
  // -v: one line per tool call, and no secret in it or anywhere.
  EXPECT_NE(err.find("mcp:serve tools/call integration__sinch__get_group ok"), std::string::npos)
      << err;
  for (const std::string& secret : secrets().all()) EXPECT_EQ(err.find(secret), std::string::npos);
}

TEST_F(McpServeTest, WriteRefusedUnderDenyAndVendorErrorIsAResult) {
  server().inject(fakes::faults::VendorError(404, "no such group"), SinchPath("/groups/missing"));
  auto gateway = Start({"--integration", "sinch"});
  ASSERT_TRUE(Handshake(*gateway).IsObject());
  auto refused = gateway->Request(
      2, "tools/call", R"({"name":"integration__sinch__send_sms","arguments":{"to":["+1"],"body":"x"}})");
  ASSERT_TRUE(refused.HasMember("result")) << Compact(refused);
  EXPECT_TRUE(refused["result"]["isError"].GetBool());
  EXPECT_STREQ(refused["result"]["structuredContent"]["error_code"].GetString(), "permission_denied");
  EXPECT_NE(std::string(refused["result"]["content"][0]["text"].GetString()).find("write_policy=deny"),
            std::string::npos);

  std::vector<std::string> before;
  auto missing = gateway->Request(
      3, "tools/call", R"({"name":"integration__sinch__get_group","arguments":{"group_id":"missing"}})",
      &before);
  ASSERT_TRUE(missing.HasMember("result")) << Compact(missing);
  EXPECT_TRUE(missing["result"]["isError"].GetBool());
  EXPECT_EQ(missing["result"]["structuredContent"]["http_status"].GetInt(), 404);
  EXPECT_STREQ(missing["result"]["structuredContent"]["error_code"].GetString(), "http_error");
  // The failure was also logged to the client (notifications/message, level error).
  ASSERT_FALSE(before.empty());
  EXPECT_NE(before.back().find("notifications/message"), std::string::npos);

  auto unknown = gateway->Request(4, "tools/call", R"({"name":"integration__sinch__nope"})");
  EXPECT_EQ(unknown["error"]["code"].GetInt(), -32602) << Compact(unknown);
  EXPECT_STREQ(unknown["error"]["message"].GetString(), "Unknown tool: integration__sinch__nope");
  // Only the 404 reached the vendor.
  EXPECT_EQ(server().requests().size(), 1u);
}

TEST_F(McpServeTest, MaxResultCharsCutsTheText) {
  auto gateway = Start({"--integration", "sinch", "--max-result-chars", "1000"});
  ASSERT_TRUE(Handshake(*gateway).IsObject());
  // 3,000 two-byte characters: the text is cut at 1,000 characters, never inside one.
  auto call = gateway->Request(
      2, "tools/call",
      R"J({"name":"lua_execute","arguments":{"code":"return string.rep('\u00e9', 3000)"}})J");
  ASSERT_TRUE(call.HasMember("result")) << Compact(call);
  std::string text = call["result"]["content"][0]["text"].GetString();
  EXPECT_GT(text.size(), 1000u);   // bytes: most characters take two
  EXPECT_LE(text.size(), 2000u);   // at most 1,000 characters
  EXPECT_TRUE(kosmo::is_valid_utf8(text));
  EXPECT_NE(text.find("[truncated by the kosmo MCP gateway]"), std::string::npos) << text;
  // structuredContent keeps the whole value.
  EXPECT_EQ(call["result"]["structuredContent"]["result"][0].GetStringLength(), 6000u);
}

TEST_F(McpServeTest, HostileClientsGetErrorsAndTheServerGoesOn) {
  auto gateway = Start({"--integration", "sinch"});
  ASSERT_TRUE(Handshake(*gateway).IsObject());
  gateway->Send("{this is not json");
  auto parse = gateway->ReadMessage();
  EXPECT_EQ(parse["error"]["code"].GetInt(), -32700);
  EXPECT_TRUE(parse["id"].IsNull());
  gateway->Send(R"([{"jsonrpc":"2.0","id":5,"method":"ping"}])");
  EXPECT_EQ(gateway->ReadMessage()["error"]["code"].GetInt(), -32600);
  EXPECT_EQ(gateway->Request(6, "no/such/method", "{}")["error"]["code"].GetInt(), -32601);
  // A 100 MB request line: refused, skipped, never held whole.
  std::thread writer([&gateway] {
    std::string chunk(1 << 20, 'a');
    gateway->SendRaw(R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":")");
    for (int i = 0; i < 100; ++i) gateway->SendRaw(chunk);
    gateway->SendRaw("\"}}\n");
  });
  auto huge = gateway->ReadMessage(60);
  writer.join();
  EXPECT_EQ(huge["error"]["code"].GetInt(), -32600) << Compact(huge);
  auto pong = gateway->Request(8, "ping", "");
  EXPECT_TRUE(pong["result"].IsObject()) << Compact(pong);
  gateway->CloseStdin();
  EXPECT_EQ(gateway->Wait(10), 0) << gateway->Stderr();
}

TEST_F(McpServeTest, UnknownProfileIsAUsageError) {
  KosmoRun run = Run({"mcp:serve", "--profile", "nope"});
  EXPECT_EQ(run.exit_code(), 2) << run.Describe();
  EXPECT_NE(run.process.err.find("kosmo.mcp_gateway.profiles.nope"), std::string::npos);
  EXPECT_TRUE(run.process.out.empty());
}

TEST_F(McpServeTest, ProxiesUpstreamToolsResourcesAndPrompts) {
  ASSERT_FALSE(fake_mcp_.empty()) << "KOSMO_FAKE_MCP is not set";
  WriteServers(kosmo_home().path() + "/mcp.json");
  auto gateway = Start({"--upstream", "fake"});
  ASSERT_TRUE(Handshake(*gateway).IsObject());
  auto list = gateway->Request(2, "tools/list", "{}");
  const rapidjson::Value* echo = FindTool(list, "mcp__fake__echo");
  ASSERT_NE(echo, nullptr) << Compact(list) << gateway->Stderr();
  EXPECT_TRUE((*echo)["annotations"]["readOnlyHint"].GetBool());
  EXPECT_EQ(FindTool(list, "mcp__fake__create_issue"), nullptr);  // a write, under deny
  EXPECT_NE(FindTool(list, "mcp__fake__get_weather"), nullptr);

  auto call = gateway->Request(3, "tools/call",
                               R"({"name":"mcp__fake__echo","arguments":{"message":"hi there"}})");
  ASSERT_TRUE(call.HasMember("result")) << Compact(call);
  EXPECT_FALSE(call["result"]["isError"].GetBool());
  EXPECT_NE(Compact(call["result"]).find("hi there"), std::string::npos);

  auto resources = gateway->Request(4, "resources/list", "{}");
  ASSERT_EQ(resources["result"]["resources"].Size(), 1u) << Compact(resources);
  std::string uri = resources["result"]["resources"][0]["uri"].GetString();
  EXPECT_EQ(uri.rfind("kosmo://mcp/fake/", 0), 0u);
  auto read = gateway->Request(5, "resources/read", R"({"uri":")" + uri + R"("})");
  ASSERT_TRUE(read.HasMember("result")) << Compact(read);
  EXPECT_STREQ(read["result"]["contents"][0]["text"].GetString(), "Fake README");

  auto prompts = gateway->Request(6, "prompts/list", "{}");
  ASSERT_EQ(prompts["result"]["prompts"].Size(), 1u);
  EXPECT_STREQ(prompts["result"]["prompts"][0]["name"].GetString(), "mcp__fake__summarize");
  auto prompt = gateway->Request(
      7, "prompts/get", R"({"name":"mcp__fake__summarize","arguments":{"topic":"cats"}})");
  ASSERT_TRUE(prompt.HasMember("result")) << Compact(prompt);
  EXPECT_NE(Compact(prompt["result"]).find("cats"), std::string::npos);

  auto bad = gateway->Request(8, "resources/read", R"({"uri":"file:///etc/passwd"})");
  EXPECT_EQ(bad["error"]["code"].GetInt(), -32602);
  gateway->CloseStdin();
  EXPECT_EQ(gateway->Wait(10), 0);
}

TEST_F(McpServeTest, NoResourcesHidesThem) {
  ASSERT_FALSE(fake_mcp_.empty());
  WriteServers(kosmo_home().path() + "/mcp.json");
  auto gateway = Start({"--upstream", "fake", "--no-resources", "--no-prompts"});
  ASSERT_TRUE(Handshake(*gateway).IsObject());
  EXPECT_EQ(gateway->Request(2, "resources/list", "{}")["result"]["resources"].Size(), 0u);
  EXPECT_EQ(gateway->Request(3, "prompts/list", "{}")["result"]["prompts"].Size(), 0u);
}

TEST_F(McpServeTest, UntrustedProjectServerIsNotProxied) {
  ASSERT_FALSE(fake_mcp_.empty());
  WriteServers(project_.path() + "/.mcp.json", "proj");
  auto gateway = Start({"--upstream", "proj"});
  ASSERT_TRUE(Handshake(*gateway).IsObject());
  auto list = gateway->Request(2, "tools/list", "{}");
  ASSERT_TRUE(list.HasMember("result"));
  // Code mode's lua_* tools are always there; none of the untrusted server's.
  for (const auto& tool : list["result"]["tools"].GetArray()) {
    EXPECT_NE(std::string(tool["name"].GetString()).rfind("mcp__proj__", 0), 0u) << Compact(list);
  }
  auto call = gateway->Request(3, "tools/call", R"({"name":"mcp__proj__echo","arguments":{}})");
  ASSERT_TRUE(call.HasMember("result")) << Compact(call);
  EXPECT_TRUE(call["result"]["isError"].GetBool());
  EXPECT_STREQ(call["result"]["structuredContent"]["error_code"].GetString(), "untrusted_server");
  gateway->CloseStdin();
  EXPECT_EQ(gateway->Wait(10), 0);
  EXPECT_NE(gateway->Stderr().find("not proxied"), std::string::npos) << gateway->Stderr();
  EXPECT_TRUE(StrayProcesses(marker_).empty());
}

TEST_F(McpServeTest, ClientClosingStdinMidCallLeavesNoOrphan) {
  ASSERT_FALSE(fake_mcp_.empty());
  WriteServers(kosmo_home().path() + "/mcp.json");
  auto gateway = Start({"--upstream", "fake", "--write", "allow"});
  WriteConfig("integrations:\n  mcp.fake:\n    permissions: { write: allow }\n");
  ASSERT_TRUE(Handshake(*gateway).IsObject());
  gateway->Send(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"mcp__fake__sleep","arguments":{"ms":30000}}})");
  // Wait for the fake to be started and the call to be under way.
  bool running = false;
  for (int i = 0; i < 500 && !running; ++i) {
    for (const std::string& stray : StrayProcesses(marker_)) {
      if (stray.find(fake_mcp_) != std::string::npos) running = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(running) << gateway->Stderr();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const auto started = std::chrono::steady_clock::now();
  gateway->CloseStdin();  // the client is gone: nobody writes to the gateway or reads from it
  gateway->CloseStdout();
  EXPECT_EQ(gateway->Wait(10), 0) << gateway->Stderr();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_LT(seconds, 5.0);
  std::vector<std::string> strays = StrayProcesses(marker_);
  EXPECT_TRUE(strays.empty()) << strays.front();
}

TEST_F(McpServeTest, PipedRequestsAreAllAnsweredBeforeTheServerExits) {
  // A shell pipeline: every request written at once, stdin closed at once, the answers read
  // after. The end of stdin ends the server only once what was asked is answered.
  auto gateway = Start({"--integration", "sinch"});
  gateway->Send(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"sh","version":"1"}}})");
  gateway->Send(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  gateway->Send(R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})");
  gateway->Send(R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"integration__sinch__get_group","arguments":{"group_id":"01FC66621VHDBN119Z8PMV1QPQ"}}})");
  gateway->Send(R"({"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"lua_execute","arguments":{"code":"return 6 * 7"}}})");
  gateway->CloseStdin();
  std::vector<int> ids;
  for (int i = 0; i < 4; ++i) {
    auto message = gateway->ReadMessage();
    ASSERT_TRUE(message.HasMember("id")) << Compact(message) << gateway->Stderr();
    ids.push_back(message["id"].GetInt());
    if (ids.back() >= 3) {
      EXPECT_FALSE(message["result"]["isError"].GetBool()) << Compact(message);
    }
    if (ids.back() == 4) {
      EXPECT_EQ(message["result"]["structuredContent"]["result"][0].GetInt(), 42);
    }
  }
  EXPECT_EQ(ids, (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(gateway->Wait(10), 0) << gateway->Stderr();
}

TEST_F(McpServeTest, RecordThenReplayAToolCall) {
  const std::string cassette = stderr_dir_.path() + "/cassette.json";
  const std::string call =
      R"({"name":"integration__sinch__get_group","arguments":{"group_id":"01FC66621VHDBN119Z8PMV1QPQ"}})";
  std::string recorded;
  {
    auto gateway = Start({"--integration", "sinch", "--record", cassette});
    ASSERT_TRUE(Handshake(*gateway).IsObject());
    auto result = gateway->Request(2, "tools/call", call);
    ASSERT_TRUE(result.HasMember("result")) << Compact(result);
    recorded = Compact(result["result"]);
    gateway->CloseStdin();
    ASSERT_EQ(gateway->Wait(10), 0) << gateway->Stderr();
  }
  const size_t sent = server().requests().size();
  std::ifstream file(cassette);
  std::string content((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  for (const std::string& secret : secrets().all()) EXPECT_EQ(content.find(secret), std::string::npos);
  auto gateway = Start({"--integration", "sinch", "--replay", cassette});
  ASSERT_TRUE(Handshake(*gateway).IsObject());
  auto replayed = gateway->Request(2, "tools/call", call);
  ASSERT_TRUE(replayed.HasMember("result")) << Compact(replayed) << gateway->Stderr();
  EXPECT_EQ(Compact(replayed["result"]), recorded);
  EXPECT_EQ(server().requests().size(), sent);  // nothing reached the vendor
}

}  // namespace
}  // namespace kosmo::e2e
