// The /mcp endpoint over real loopback sockets with stub sessions (gateway_stub_session.h): the
// MCP Streamable HTTP exchanges, session handling and the request guards.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <thread>

#include "test/unit/gateway_http_fixture.h"

namespace kosmo::test {
namespace {

using std::chrono::milliseconds;

TEST(GatewayStreamableHttp, InitializeAnswersJsonWithARandomSessionId) {
  GatewayHttpFixture server;
  RawHttpClient client(server.port());
  client.send(mcp_post(request_body(1, "initialize")));
  const RawResponse response = client.read_response();
  ASSERT_EQ(response.status, 200);
  ASSERT_NE(response.header("Mcp-Session-Id"), nullptr);
  EXPECT_TRUE(std::regex_match(*response.header("Mcp-Session-Id"), std::regex("[0-9a-f]{32}")));
  EXPECT_EQ(*response.header("Content-Type"), "application/json");
  EXPECT_NE(response.body.find(R"("serverInfo")"), std::string::npos);
  EXPECT_NE(server.initialize(), *response.header("Mcp-Session-Id"));
  EXPECT_EQ(server.session_count(), 2u);
}

TEST(GatewayStreamableHttp, FailedInitializeStartsNoSession) {
  GatewayHttpFixture server;
  RawHttpClient client(server.port());
  client.send(mcp_post(
      R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"refuse"}})"));
  const RawResponse response = client.read_response();
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.header("Mcp-Session-Id"), nullptr);
  EXPECT_NE(response.body.find(R"("error")"), std::string::npos);
  EXPECT_EQ(server.session_count(), 0u);
  EXPECT_EQ(server.log->sessions_closed.load(), 1);
}

TEST(GatewayStreamableHttp, RequestsShareOneKeptAliveConnection) {
  GatewayHttpFixture server;
  const std::string id = server.initialize();
  RawHttpClient client(server.port());
  for (int i = 0; i < 3; ++i) {
    client.send(mcp_post(request_body(i, "tools/list"), session_header(id)));
    const RawResponse response = client.read_response();
    ASSERT_EQ(response.status, 200) << i;
    EXPECT_EQ(response.body, R"({"jsonrpc":"2.0","id":)" + std::to_string(i) +
                                 R"(,"result":{"echo":"tools/list"}})");
  }
}

TEST(GatewayStreamableHttp, PipelinedRequestsAreAnsweredInOrder) {
  GatewayHttpFixture server;
  const std::string id = server.initialize();
  RawHttpClient client(server.port());
  client.send(mcp_post(request_body(1, "a"), session_header(id)) +
              mcp_post(request_body(2, "b"), session_header(id)));
  EXPECT_NE(client.read_response().body.find(R"("echo":"a")"), std::string::npos);
  EXPECT_NE(client.read_response().body.find(R"("echo":"b")"), std::string::npos);
}

TEST(GatewayStreamableHttp, NotificationFirstTurnsTheAnswerIntoAnEventStream) {
  GatewayHttpFixture server;
  const std::string id = server.initialize();
  RawHttpClient client(server.port());
  client.send(mcp_post(request_body(7, "progress"), session_header(id)));
  const RawResponse response = client.read_response();
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(*response.header("Content-Type"), "text/event-stream");
  EXPECT_EQ(*response.header("Transfer-Encoding"), "chunked");
  const std::vector<std::string> events = sse_data(response.body);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_NE(events[0].find("notifications/progress"), std::string::npos);
  EXPECT_EQ(events[1], R"({"jsonrpc":"2.0","id":7,"result":{"done":true}})");
  EXPECT_NE(response.body.find("event: message\n"), std::string::npos);
  // The stream ended with its last chunk: the connection carries the next request.
  client.send(mcp_post(request_body(8, "ping"), session_header(id)));
  EXPECT_EQ(client.read_response().status, 200);
}

TEST(GatewayStreamableHttp, ClientNotificationsAndResponsesGet202) {
  GatewayHttpFixture server;
  const std::string id = server.initialize();
  RawHttpClient client(server.port());
  client.send(mcp_post(R"({"jsonrpc":"2.0","method":"notifications/initialized"})",
                       session_header(id)));
  RawResponse response = client.read_response();
  EXPECT_EQ(response.status, 202);
  EXPECT_TRUE(response.body.empty());
  client.send(mcp_post(R"({"jsonrpc":"2.0","id":5,"result":{}})", session_header(id)));
  EXPECT_EQ(client.read_response().status, 202);
  const auto messages = server.log->messages();
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_NE(messages[1].find("notifications/initialized"), std::string::npos);
}

TEST(GatewayStreamableHttp, MissingSessionIdIs400AndUnknownIs404) {
  GatewayHttpFixture server;
  server.initialize();
  RawHttpClient client(server.port());
  client.send(mcp_post(request_body(1, "tools/list")));
  RawResponse response = client.read_response();
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find(R"("id":null)"), std::string::npos);
  client.send(mcp_post(request_body(1, "tools/list"), session_header(std::string(32, 'a'))));
  EXPECT_EQ(client.read_response().status, 404);
  client.send(mcp_post(R"({"jsonrpc":"2.0","method":"notifications/initialized"})"));
  EXPECT_EQ(client.read_response().status, 400);
}

TEST(GatewayStreamableHttp, InitializeWithASessionIdIsRefused) {
  GatewayHttpFixture server;
  const std::string id = server.initialize();
  RawHttpClient client(server.port());
  client.send(mcp_post(request_body(1, "initialize"), session_header(id)));
  EXPECT_EQ(client.read_response().status, 400);
  EXPECT_EQ(server.session_count(), 1u);
}

TEST(GatewayStreamableHttp, DeleteEndsTheSession) {
  GatewayHttpFixture server;
  const std::string id = server.initialize();
  RawHttpClient client(server.port());
  client.send("DELETE /mcp HTTP/1.1\r\nHost: localhost\r\n" + session_header(id) + "\r\n");
  EXPECT_EQ(client.read_response().status, 204);
  EXPECT_EQ(server.log->sessions_closed.load(), 1);
  EXPECT_EQ(server.session_count(), 0u);
  client.send(mcp_post(request_body(2, "tools/list"), session_header(id)));
  EXPECT_EQ(client.read_response().status, 404);
  client.send("DELETE /mcp HTTP/1.1\r\nHost: localhost\r\n" + session_header(id) + "\r\n");
  EXPECT_EQ(client.read_response().status, 404);
}

TEST(GatewayStreamableHttp, DeleteWakesARequestStillWaiting) {
  GatewayHttpFixture server;
  const std::string id = server.initialize();
  RawHttpClient waiting(server.port());
  waiting.send(mcp_post(request_body(3, "slow"), session_header(id)));
  std::this_thread::sleep_for(milliseconds(50));
  RawHttpClient other(server.port());
  other.send("DELETE /mcp HTTP/1.1\r\nHost: localhost\r\n" + session_header(id) + "\r\n");
  EXPECT_EQ(other.read_response().status, 204);
  EXPECT_EQ(waiting.read_response(2000).status, 404);
  EXPECT_EQ(server.log->slow_answered.load(), 0);
}

TEST(GatewayStreamableHttp, GetStreamCarriesStandaloneNotifications) {
  GatewayHttpFixture server;
  const std::string id = server.initialize();
  RawHttpClient stream(server.port());
  stream.send("GET /mcp HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n" +
              session_header(id) + "\r\n");
  std::this_thread::sleep_for(milliseconds(100));  // the stream is attached
  RawHttpClient second(server.port());
  second.send("GET /mcp HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n" +
              session_header(id) + "\r\n");
  EXPECT_EQ(second.read_response().status, 409);
  RawHttpClient client(server.port());
  client.send(mcp_post(request_body(4, "list_changed"), session_header(id)));
  EXPECT_EQ(client.read_response().status, 200);
  std::this_thread::sleep_for(milliseconds(250));  // past the keep-alive interval
  // Ending the session ends the stream, which then holds the notification and keep-alives.
  client.send("DELETE /mcp HTTP/1.1\r\nHost: localhost\r\n" + session_header(id) + "\r\n");
  EXPECT_EQ(client.read_response().status, 204);
  const RawResponse events = stream.read_response(2000);
  ASSERT_EQ(events.status, 200);
  EXPECT_EQ(*events.header("Content-Type"), "text/event-stream");
  const auto data = sse_data(events.body);
  ASSERT_EQ(data.size(), 1u);
  EXPECT_NE(data[0].find("notifications/tools/list_changed"), std::string::npos);
  EXPECT_NE(events.body.find(": keep-alive\n\n"), std::string::npos);
}

TEST(GatewayStreamableHttp, StandaloneNotificationsWithoutAStreamAreDropped) {
  GatewayHttpFixture server;
  const std::string id = server.initialize();
  RawHttpClient client(server.port());
  client.send(mcp_post(request_body(4, "list_changed"), session_header(id)));
  const RawResponse response = client.read_response();
  EXPECT_EQ(*response.header("Content-Type"), "application/json");
  EXPECT_EQ(response.body.find("list_changed"), std::string::npos);
}

TEST(GatewayStreamableHttp, ClientLeavingDuringACallKeepsTheSession) {
  GatewayHttpFixture server;
  const std::string id = server.initialize();
  {
    RawHttpClient leaving(server.port());
    leaving.send(mcp_post(request_body(3, "slow"), session_header(id)));
    std::this_thread::sleep_for(milliseconds(50));
  }
  std::this_thread::sleep_for(milliseconds(400));
  EXPECT_EQ(server.log->slow_answered.load(), 1);  // the call ran to its end
  EXPECT_EQ(server.log->sessions_closed.load(), 0);
  RawHttpClient client(server.port());
  client.send(mcp_post(request_body(4, "ping"), session_header(id)));
  EXPECT_EQ(client.read_response().status, 200);
}

TEST(GatewayStreamableHttp, BatchesAndBrokenJsonAre400) {
  GatewayHttpFixture server;
  const std::string id = server.initialize();
  RawHttpClient client(server.port());
  client.send(mcp_post("[" + request_body(1, "ping") + "]", session_header(id)));
  RawResponse response = client.read_response();
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find("-32600"), std::string::npos);
  client.send(mcp_post("{\"jsonrpc\":", session_header(id)));
  response = client.read_response();
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find("-32700"), std::string::npos);
  client.send(mcp_post(R"({"hello":1})", session_header(id)));
  EXPECT_EQ(client.read_response().status, 400);
  EXPECT_EQ(server.log->messages().size(), 1u);  // only initialize reached the session
}

TEST(GatewayStreamableHttp, AcceptAndContentTypeAreChecked) {
  GatewayHttpFixture server;
  const std::string id = server.initialize();
  RawHttpClient client(server.port());
  const std::string body = request_body(1, "ping");
  client.send("POST /mcp HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
              "Content-Type: application/json\r\n" + session_header(id) +
              "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  EXPECT_EQ(client.read_response().status, 406);
  client.send("POST /mcp HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n"
              "Content-Type: text/plain\r\n" + session_header(id) +
              "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  EXPECT_EQ(client.read_response().status, 415);
  client.send("GET /mcp HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n" +
              session_header(id) + "\r\n");
  EXPECT_EQ(client.read_response().status, 406);
}

TEST(GatewayStreamableHttp, ProtocolVersionHeaderIsChecked) {
  GatewayHttpFixture server;
  const std::string id = server.initialize();
  RawHttpClient client(server.port());
  client.send(mcp_post(request_body(1, "ping"),
                       session_header(id) + "MCP-Protocol-Version: 2025-06-18\r\n"));
  EXPECT_EQ(client.read_response().status, 200);
  client.send(mcp_post(request_body(1, "ping"),
                       session_header(id) + "MCP-Protocol-Version: 1999-01-01\r\n"));
  EXPECT_EQ(client.read_response().status, 400);
  client.send(mcp_post(request_body(1, "ping"), session_header(id)));  // absent: 2025-03-26
  EXPECT_EQ(client.read_response().status, 200);
}

TEST(GatewayStreamableHttp, OtherPathsAre404AndOtherMethods405) {
  GatewayHttpFixture server;
  RawHttpClient client(server.port());
  client.send("GET /other HTTP/1.1\r\nHost: localhost\r\n\r\n");
  EXPECT_EQ(client.read_response().status, 404);
  client.send("PUT /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");
  const RawResponse response = client.read_response();
  EXPECT_EQ(response.status, 405);
  ASSERT_NE(response.header("Allow"), nullptr);
  EXPECT_EQ(*response.header("Allow"), "GET, POST, DELETE, OPTIONS");
  client.send("OPTIONS /mcp HTTP/1.1\r\nHost: localhost\r\nOrigin: http://localhost:3000\r\n\r\n");
  const RawResponse preflight = client.read_response();
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(*preflight.header("Access-Control-Allow-Origin"), "http://localhost:3000");
}

TEST(GatewayStreamableHttp, ForeignOriginsAndHostsAre403) {
  gateway::HttpServeOptions options;
  options.allowed_origins = {"https://app.example"};
  GatewayHttpFixture server(options);
  RawHttpClient client(server.port());
  const std::string body = request_body(1, "initialize");
  client.send(mcp_post(body, "Origin: http://evil.example\r\n"));
  EXPECT_EQ(client.read_response().status, 403);
  client.send(mcp_post(body, "Origin: null\r\n"));
  EXPECT_EQ(client.read_response().status, 403);
  client.send(mcp_post(body, "Origin: http://localhost.evil.example\r\n"));
  EXPECT_EQ(client.read_response().status, 403);
  client.send("POST /mcp HTTP/1.1\r\nHost: evil.example:8080\r\n"
              "Accept: application/json, text/event-stream\r\nContent-Type: application/json\r\n"
              "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  EXPECT_EQ(client.read_response().status, 403);
  EXPECT_EQ(server.log->sessions_made.load(), 0);

  client.send(mcp_post(body, "Origin: http://localhost:1234\r\n"));
  RawResponse response = client.read_response();
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(*response.header("Access-Control-Allow-Origin"), "http://localhost:1234");
  client.send(mcp_post(body, "Origin: http://[::1]:8080\r\n"));
  EXPECT_EQ(client.read_response().status, 200);
  client.send(mcp_post(body, "Origin: https://app.example\r\n"));
  EXPECT_EQ(client.read_response().status, 200);
}

TEST(GatewayStreamableHttp, BearerTokenIsRequiredWhenSet) {
  gateway::HttpServeOptions options;
  options.bearer_token = "s3cret-gateway-token";
  GatewayHttpFixture server(options);
  RawHttpClient client(server.port());
  const std::string body = request_body(1, "initialize");
  client.send(mcp_post(body));
  RawResponse response = client.read_response();
  EXPECT_EQ(response.status, 401);
  ASSERT_NE(response.header("WWW-Authenticate"), nullptr);
  EXPECT_EQ(*response.header("WWW-Authenticate"), "Bearer");
  for (const char* wrong : {"Bearer s3cret-gateway-tokeX", "Bearer s3cret", "Basic s3cret-gateway-token",
                            "Bearer s3cret-gateway-token2", "Bearer "}) {
    client.send(mcp_post(body, std::string("Authorization: ") + wrong + "\r\n"));
    EXPECT_EQ(client.read_response().status, 401) << wrong;
  }
  EXPECT_EQ(server.log->sessions_made.load(), 0);
  client.send(mcp_post(body, "Authorization: Bearer s3cret-gateway-token\r\n"));
  response = client.read_response();
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body.find("s3cret"), std::string::npos);
}

}  // namespace
}  // namespace kosmo::test
