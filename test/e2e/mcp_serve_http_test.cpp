// `kosmo mcp:serve --http 127.0.0.1:0` end to end: the built binary, its bound port read from
// the line it prints on stderr, spoken to over Streamable HTTP as an MCP client does (with
// cpp-httplib, a client nobody here wrote), against the fake Sinch server.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <chrono>
#include <regex>
#include <string>
#include <thread>

#include "e2e/gateway_process.h"
#include "e2e/integration_harness.h"
#include "e2e/kosmo_process.h"
#include "e2e/temp_dir.h"

namespace kosmo::e2e {
namespace {

constexpr const char* kAccept = "application/json, text/event-stream";

class McpServeHttpTest : public IntegrationTest {
 protected:
  // Starts the gateway on a free port and waits for the line naming it; 0 when it never came.
  int StartHttp(const std::vector<std::string>& flags,
                std::vector<std::pair<std::string, std::string>> extra = {}) {
    std::vector<std::string> args = {"mcp:serve", "--http", "127.0.0.1:0"};
    args.insert(args.end(), flags.begin(), flags.end());
    auto env = this->env();
    env.insert(env.end(), extra.begin(), extra.end());
    gateway_ = std::make_unique<GatewayProcess>(args, env, project_.path(),
                                                stderr_dir_.path() + "/stderr.txt");
    const std::regex listening("kosmo mcp:serve listening on http://127\\.0\\.0\\.1:(\\d+)/mcp");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      std::smatch match;
      const std::string err = gateway_->Stderr();
      if (std::regex_search(err, match, listening)) return std::stoi(match[1]);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return 0;
  }

  httplib::Result Post(httplib::Client& client, const std::string& body,
                       httplib::Headers headers = {}) {
    headers.emplace("Accept", kAccept);
    return client.Post("/mcp", headers, body, "application/json");
  }

  static rapidjson::Document Json(const std::string& text) {
    rapidjson::Document document;
    std::string why;
    EXPECT_TRUE(ParseSingleJson(text, &document, &why)) << why << "\n" << text;
    return document;
  }

  std::unique_ptr<GatewayProcess> gateway_;
  TempDir project_{"kosmo-gw-http-project-"};
  TempDir stderr_dir_{"kosmo-gw-http-stderr-"};
};

TEST_F(McpServeHttpTest, InitializeListAndCallOverHttp) {
  const int port = StartHttp({"--integration", "sinch", "-v"});
  ASSERT_NE(port, 0) << gateway_->Stderr();
  httplib::Client client("127.0.0.1", port);

  auto init = Post(client, R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{)"
                           R"("protocolVersion":"2025-11-25","capabilities":{},)"
                           R"("clientInfo":{"name":"e2e","version":"1"}}})");
  ASSERT_TRUE(init) << gateway_->Stderr();
  ASSERT_EQ(init->status, 200) << init->body;
  const std::string session = init->get_header_value("Mcp-Session-Id");
  ASSERT_EQ(session.size(), 32u);
  EXPECT_STREQ(Json(init->body)["result"]["serverInfo"]["name"].GetString(), "kosmo");
  const httplib::Headers in_session = {{"Mcp-Session-Id", session},
                                       {"MCP-Protocol-Version", "2025-11-25"}};

  auto initialized = Post(client, R"({"jsonrpc":"2.0","method":"notifications/initialized"})",
                          in_session);
  ASSERT_TRUE(initialized);
  EXPECT_EQ(initialized->status, 202);

  auto list = Post(client, R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})", in_session);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200);
  EXPECT_NE(list->body.find("integration__sinch__get_group"), std::string::npos);
  EXPECT_EQ(list->body.find("integration__sinch__send_sms"), std::string::npos);  // --write deny

  auto call = Post(client,
                   R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":)"
                   R"("integration__sinch__get_group","arguments":{"group_id":"01FC66621VHDBN119Z8PMV1QPQ"}}})",
                   in_session);
  ASSERT_TRUE(call);
  ASSERT_EQ(call->status, 200) << call->body;
  const rapidjson::Document result = Json(call->body);
  ASSERT_TRUE(result.HasMember("result")) << call->body;
  EXPECT_FALSE(result["result"]["isError"].GetBool());
  EXPECT_TRUE(result["result"]["structuredContent"].HasMember("id"));

  auto unknown = Post(client, R"({"jsonrpc":"2.0","id":4,"method":"tools/list"})",
                      {{"Mcp-Session-Id", std::string(32, '0')}});
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);

  auto removed = client.Delete("/mcp", in_session);
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->status, 204);

  ::kill(gateway_->pid(), SIGTERM);
  EXPECT_EQ(gateway_->Wait(10), 0);
  const std::string err = gateway_->Stderr();
  EXPECT_NE(err.find("mcp:serve tools/call integration__sinch__get_group ok"), std::string::npos)
      << err;
  for (const std::string& secret : secrets().all()) EXPECT_EQ(err.find(secret), std::string::npos);
}

TEST_F(McpServeHttpTest, TokenAndOriginAreEnforcedAndTheTokenNeverPrinted) {
  const std::string token = UniqueSecret("gw-token-");
  const int port = StartHttp({"--integration", "sinch", "-vv"}, {{"KOSMO_GATEWAY_TOKEN", token}});
  ASSERT_NE(port, 0) << gateway_->Stderr();
  httplib::Client client("127.0.0.1", port);
  const std::string initialize =
      R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
      R"("capabilities":{},"clientInfo":{"name":"e2e","version":"1"}}})";

  auto anonymous = Post(client, initialize);
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_EQ(anonymous->get_header_value("WWW-Authenticate"), "Bearer");

  auto rebinding = Post(client, initialize,
                        {{"Authorization", "Bearer " + token}, {"Origin", "http://evil.example"}});
  ASSERT_TRUE(rebinding);
  EXPECT_EQ(rebinding->status, 403);

  auto allowed = Post(client, initialize,
                      {{"Authorization", "Bearer " + token}, {"Origin", "http://localhost:1234"}});
  ASSERT_TRUE(allowed);
  EXPECT_EQ(allowed->status, 200);

  ::kill(gateway_->pid(), SIGTERM);
  EXPECT_EQ(gateway_->Wait(10), 0);
  EXPECT_EQ(gateway_->Stderr().find(token), std::string::npos) << gateway_->Stderr();
}

TEST_F(McpServeHttpTest, AMalformedAddressIsAUsageError) {
  KosmoRun run = Run({"mcp:serve", "--integration", "sinch", "--http", "::1:80"});
  const std::string printed = run.process.out + run.process.err;
  EXPECT_EQ(run.exit_code(), 2) << printed;
  EXPECT_NE(printed.find("brackets"), std::string::npos) << printed;
}

}  // namespace
}  // namespace kosmo::e2e
