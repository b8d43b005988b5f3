// The gateway HTTP server against hostile and heavy clients, over real loopback sockets: bodies
// and heads over the limits, malformed requests, clients that trickle or go quiet, many clients
// at once, and stopping while clients are connected.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include "test/unit/gateway_http_fixture.h"

namespace kosmo::test {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

long long elapsed_ms(Clock::time_point since) {
  return std::chrono::duration_cast<milliseconds>(Clock::now() - since).count();
}

TEST(GatewayHttpLimits, HugeContentLengthIsRefusedWithoutReadingTheBody) {
  GatewayHttpFixture server;
  RawHttpClient client(server.port());
  const auto start = Clock::now();
  client.send(
      "POST /mcp HTTP/1.1\r\nHost: localhost\r\nAccept: application/json, text/event-stream\r\n"
      "Content-Type: application/json\r\nContent-Length: 104857600\r\n\r\n{\"jsonrpc\":");
  const RawResponse response = client.read_response(2000);
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(*response.header("Connection"), "close");
  EXPECT_LT(elapsed_ms(start), 1000);
  EXPECT_TRUE(client.closed_by_server(2000));
  EXPECT_EQ(server.log->sessions_made.load(), 0);
}

TEST(GatewayHttpLimits, BodyJustOverTheConfiguredLimitIs413) {
  gateway::HttpServeOptions options;
  options.max_body_bytes = 1000;
  GatewayHttpFixture server(options);
  RawHttpClient client(server.port());
  client.send(mcp_post(std::string(1001, ' ')));
  EXPECT_EQ(client.read_response().status, 413);
  RawHttpClient fits(server.port());
  fits.send(mcp_post(request_body(1, "initialize") + std::string(900, ' ')));
  EXPECT_EQ(fits.read_response().status, 200);
}

TEST(GatewayHttpLimits, HugeHeadIs431) {
  GatewayHttpFixture server;
  RawHttpClient client(server.port());
  client.send("GET /mcp HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + std::string(70000, 'a') +
              "\r\n\r\n");
  EXPECT_EQ(client.read_response().status, 431);
  EXPECT_TRUE(client.closed_by_server(2000));
}

TEST(GatewayHttpLimits, MalformedRequestsAre400) {
  GatewayHttpFixture server;
  for (const std::string bad :
       {"GARBAGE\r\n\r\n", "GET /mcp\r\nHost: x\r\n\r\n", "GET  /mcp HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /mcp HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n",
        "GET /mcp HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", "GET /mcp HTTP/1.1\r\n\r\n",
        "POST /mcp HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
        "POST /mcp HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
        "GET http://x/mcp HTTP/1.1\r\nHost: x\r\n\r\n"}) {
    RawHttpClient client(server.port());
    client.send(bad);
    EXPECT_EQ(client.read_response().status, 400) << bad;
  }
  RawHttpClient chunked(server.port());
  chunked.send(
      "POST /mcp HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
  EXPECT_EQ(chunked.read_response().status, 411);
  RawHttpClient http2(server.port());
  http2.send("GET /mcp HTTP/2.0\r\nHost: x\r\n\r\n");
  EXPECT_EQ(http2.read_response().status, 505);
}

TEST(GatewayHttpLimits, GarbagePipelinedAfterARequestIsAnswered400) {
  GatewayHttpFixture server;
  RawHttpClient client(server.port());
  client.send("GET /other HTTP/1.1\r\nHost: localhost\r\n\r\nNOT HTTP AT ALL\r\n\r\n");
  EXPECT_EQ(client.read_response().status, 404);
  EXPECT_EQ(client.read_response().status, 400);
  EXPECT_TRUE(client.closed_by_server(2000));
}

TEST(GatewayHttpLimits, ASlowClientIsCutOff) {
  GatewayHttpFixture server;  // request_timeout_ms 400
  RawHttpClient client(server.port());
  const auto start = Clock::now();
  client.send("POST /mcp HTTP/1.1\r\nHost: localhost\r\n");
  for (int i = 0; i < 4; ++i) {  // a byte every 150 ms never finishes the head in time
    std::this_thread::sleep_for(milliseconds(150));
    client.send("X");
  }
  const RawResponse response = client.read_response(2000);
  EXPECT_EQ(response.status, 408);
  EXPECT_TRUE(client.closed_by_server(2000));
  EXPECT_LT(elapsed_ms(start), 2000);
}

TEST(GatewayHttpLimits, AnIdleConnectionIsClosedQuietly) {
  gateway::HttpServerLimits limits = quick_limits();
  limits.idle_timeout_ms = 200;
  GatewayHttpFixture server({}, limits);
  RawHttpClient client(server.port());
  const auto start = Clock::now();
  EXPECT_TRUE(client.closed_by_server(2000));
  EXPECT_LT(elapsed_ms(start), 1000);
}

TEST(GatewayHttpLimits, ManyClientsAtOnce) {
  GatewayHttpFixture server;
  const std::string id = server.initialize();
  constexpr int kClients = 32;
  std::vector<std::future<int>> answered;
  for (int c = 0; c < kClients; ++c) {
    answered.push_back(std::async(std::launch::async, [&server, &id, c] {
      RawHttpClient client(server.port());
      int ok = 0;
      for (int i = 0; i < 10; ++i) {
        const std::string method = i % 3 == 0 ? "progress" : "tools/list";
        client.send(mcp_post(request_body(c * 100 + i, method), session_header(id)));
        const RawResponse response = client.read_response();
        if (response.status == 200 &&
            response.body.find("\"id\":" + std::to_string(c * 100 + i)) != std::string::npos) {
          ++ok;
        }
      }
      return ok;
    }));
  }
  for (auto& result : answered) EXPECT_EQ(result.get(), 10);
}

TEST(GatewayHttpLimits, ConnectionsOverTheCapGet503) {
  gateway::HttpServerLimits limits = quick_limits();
  limits.max_connections = 2;
  GatewayHttpFixture server({}, limits);
  RawHttpClient first(server.port());
  RawHttpClient second(server.port());
  std::this_thread::sleep_for(milliseconds(100));
  RawHttpClient third(server.port());
  EXPECT_EQ(third.read_response(2000).status, 503);
  first.close();
  std::this_thread::sleep_for(milliseconds(200));
  RawHttpClient fourth(server.port());
  fourth.send(mcp_post(request_body(1, "initialize")));
  EXPECT_EQ(fourth.read_response().status, 200);
}

TEST(GatewayHttpLimits, SessionsOverTheCapGet503) {
  gateway::HttpServerLimits limits = quick_limits();
  limits.max_sessions = 2;
  GatewayHttpFixture server({}, limits);
  EXPECT_FALSE(server.initialize().empty());
  const std::string second = server.initialize();
  EXPECT_FALSE(second.empty());
  RawHttpClient client(server.port());
  client.send(mcp_post(request_body(1, "initialize")));
  EXPECT_EQ(client.read_response().status, 503);
  client.send("DELETE /mcp HTTP/1.1\r\nHost: localhost\r\n" + session_header(second) + "\r\n");
  EXPECT_EQ(client.read_response().status, 204);
  EXPECT_FALSE(server.initialize().empty());
}

// Clients that go without DELETE must not lock the server out: when every place is taken, the
// session unused longest gives way once it has idled for the timeout; one with its GET stream
// open, or that a request has just named, does not.
TEST(GatewayHttpLimits, AnIdleSessionGivesWayWhenEveryPlaceIsTaken) {
  gateway::HttpServerLimits limits = quick_limits();
  limits.max_sessions = 2;
  limits.session_idle_timeout_ms = 1000;
  GatewayHttpFixture server({}, limits);
  const std::string gone = server.initialize();
  const std::string streaming = server.initialize();
  ASSERT_FALSE(gone.empty());
  ASSERT_FALSE(streaming.empty());
  RawHttpClient stream(server.port());
  stream.send("GET /mcp HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n" +
              session_header(streaming) + "\r\n");
  std::this_thread::sleep_for(milliseconds(100));  // the stream is attached
  EXPECT_TRUE(server.initialize().empty());        // both places taken, neither idle long enough

  std::this_thread::sleep_for(milliseconds(1300));
  const std::string newcomer = server.initialize();
  EXPECT_FALSE(newcomer.empty());  // took the place of `gone`, idle for 1.4 s
  EXPECT_EQ(server.session_count(), 2u);
  EXPECT_EQ(server.log->sessions_closed.load(), 1);
  RawHttpClient client(server.port());
  client.send(mcp_post(request_body(2, "ping"), session_header(gone)));
  EXPECT_EQ(client.read_response().status, 404);
  client.send(mcp_post(request_body(3, "ping"), session_header(streaming)));
  EXPECT_EQ(client.read_response().status, 200);

  // `streaming` keeps its place while its stream is open, and `newcomer` was just made.
  std::this_thread::sleep_for(milliseconds(100));
  EXPECT_TRUE(server.initialize().empty());
  EXPECT_EQ(server.log->sessions_closed.load(), 1);
}

TEST(GatewayHttpLimits, StopEndsEverythingPromptly) {
  GatewayHttpFixture server;
  const std::string id = server.initialize();
  RawHttpClient idle(server.port());
  RawHttpClient stream(server.port());
  stream.send("GET /mcp HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n" +
              session_header(id) + "\r\n");
  RawHttpClient waiting(server.port());
  waiting.send(mcp_post(request_body(2, "slow"), session_header(id)));
  RawHttpClient trickling(server.port());
  trickling.send("POST /mcp HTTP/1.1\r\n");
  std::this_thread::sleep_for(milliseconds(50));
  const auto start = Clock::now();
  server.stop();
  EXPECT_LT(elapsed_ms(start), 500);
  EXPECT_EQ(server.log->sessions_closed.load(), 1);
  EXPECT_TRUE(idle.closed_by_server(1000));
}

TEST(GatewayHttpLimits, AClientThatNeverReadsDoesNotHoldTheServer) {
  gateway::HttpServerLimits limits = quick_limits();
  limits.max_connections = 4;
  GatewayHttpFixture server({}, limits);
  const std::string id = server.initialize();
  // Requests pipelined without reading a single answer: the answers fill the socket buffers,
  // the writes time out (write_timeout_ms) and the connection is dropped.
  RawHttpClient greedy(server.port());
  const std::string request = mcp_post(request_body(1, "tools/list"), session_header(id));
  std::string many;
  for (int i = 0; i < 2000; ++i) many += request;
  std::thread sender([&greedy, &many] { greedy.send(many); });
  std::this_thread::sleep_for(milliseconds(100));
  RawHttpClient other(server.port());
  other.send(mcp_post(request_body(2, "ping"), session_header(id)));
  EXPECT_EQ(other.read_response().status, 200);
  sender.join();  // ends once the server has read everything or dropped the connection
}

}  // namespace
}  // namespace kosmo::test
