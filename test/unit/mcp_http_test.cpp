// The Streamable HTTP transport: against an in-memory HttpClient double (exact headers, status
// handling) and against the fake MCP server in --http mode through real libcurl.
#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <functional>

#include "lib/http/curl_http_client.h"
#include "lib/mcp/child_process.h"
#include "lib/mcp/client_capabilities.h"
#include "lib/mcp/errors.h"
#include "lib/mcp/http_transport.h"
#include "lib/mcp/json_rpc.h"
#include "lib/mcp/session.h"
#include "lib/mcp/tool_result.h"
#include "test/fakes/mcp/fake_mcp_process.h"
#include "test/unit/outcome_testing.h"

namespace kosmo::mcp {
namespace {

using http::HttpRequest;
using http::HttpResult;

rapidjson::Document json(const char* text) {
  rapidjson::Document document;
  document.Parse(text);
  return document;
}

std::string header_of(const HttpRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (http::equals_ignore_case(key, name)) return value;
  }
  return "<absent>";
}

// The JSON-RPC id of a request body, to answer with.
std::string id_of(const HttpRequest& request) {
  rapidjson::Document body;
  body.Parse(request.body.c_str());
  return body.IsObject() && body.HasMember("id") ? std::to_string(body["id"].GetInt64()) : "";
}

std::string method_of(const HttpRequest& request) {
  rapidjson::Document body;
  body.Parse(request.body.c_str());
  return body.IsObject() && body.HasMember("method") ? body["method"].GetString() : "";
}

HttpResult reply(int status, std::string body, std::string type = "application/json",
                 http::HeaderList extra = {}) {
  HttpResult result;
  result.transport_ok = true;
  result.response.status = status;
  result.response.body = std::move(body);
  result.response.headers = std::move(extra);
  result.response.headers.emplace_back("content-type", std::move(type));
  return result;
}

// Answers like a well-behaved server with sessions; tests override single steps.
class ScriptedHttpClient : public http::HttpClient {
 public:
  HttpResult send(const HttpRequest& request) override {
    requests.push_back(request);
    if (override_reply) {
      if (std::optional<HttpResult> custom = override_reply(request)) return *custom;
    }
    if (request.method == "DELETE") return reply(200, "");
    if (request.method == "GET") return reply(405, "");  // no GET streams
    std::string method = method_of(request);
    if (method == "initialize") {
      return reply(200,
                   R"({"jsonrpc":"2.0","id":)" + id_of(request) +
                       R"(,"result":{"protocolVersion":"2025-06-18","capabilities":{"tools":{}}}})",
                   "application/json", {{"mcp-session-id", "s-" + std::to_string(++sessions)}});
    }
    if (id_of(request).empty()) return reply(202, "", "");
    return reply(200, R"({"jsonrpc":"2.0","id":)" + id_of(request) +
                          R"(,"result":{"content":[{"type":"text","text":"ok"}]}})");
  }

  std::vector<HttpRequest> requests;
  std::function<std::optional<HttpResult>(const HttpRequest&)> override_reply;
  int sessions = 0;
};

class McpHttpTransportTest : public ::testing::Test {
 protected:
  McpHttpTransportTest() {
    config_.name = "remote";
    config_.transport = transport_for("http", true);
    config_.url = "http://mcp.example/mcp";
    config_.headers = {{"X-Test", "yes"}, {"Accept", "text/html"}};
  }
  Session session() {
    return Session(HttpTransport::open(config_, client_).value(),
                   SessionOptions{.server_name = "remote", .request_timeout_s = 7});
  }

  ServerConfig config_;
  ScriptedHttpClient client_;
};

TEST_F(McpHttpTransportTest, HeadersSessionAndVersionFollowTheSpec) {
  {
    Session mcp = session();
    mcp.call_tool("echo", json(R"({"message":"hi"})")).value();
  }
  ASSERT_EQ(client_.requests.size(), 4u);  // initialize, initialized, tools/call, DELETE
  const HttpRequest& init = client_.requests[0];
  EXPECT_EQ(init.method, "POST");
  EXPECT_EQ(init.url, "http://mcp.example/mcp");
  EXPECT_EQ(header_of(init, "Accept"), "application/json, text/event-stream");
  EXPECT_EQ(header_of(init, "Content-Type"), "application/json");
  EXPECT_EQ(header_of(init, "X-Test"), "yes");
  EXPECT_EQ(header_of(init, "MCP-Session-Id"), "<absent>");
  EXPECT_EQ(header_of(init, "MCP-Protocol-Version"), "<absent>");
  EXPECT_EQ(init.route_scope, "mcp:remote");
  EXPECT_TRUE(init.has_body);
  EXPECT_DOUBLE_EQ(init.total_timeout_s, kDefaultTimeoutSeconds);

  for (size_t i = 1; i < 4; ++i) {
    EXPECT_EQ(header_of(client_.requests[i], "MCP-Session-Id"), "s-1") << i;
    EXPECT_EQ(header_of(client_.requests[i], "MCP-Protocol-Version"), "2025-06-18") << i;
  }
  EXPECT_EQ(method_of(client_.requests[1]), "notifications/initialized");
  // A tool call waits for the entry's timeout of silence (progress extends it), with no limit
  // in all here: the session was given no run deadline.
  EXPECT_DOUBLE_EQ(client_.requests[2].idle_timeout_s, 7);
  EXPECT_DOUBLE_EQ(client_.requests[2].total_timeout_s, 0);
  EXPECT_DOUBLE_EQ(client_.requests[1].idle_timeout_s, 0);
  EXPECT_EQ(client_.requests[3].method, "DELETE");
  EXPECT_FALSE(client_.requests[3].has_body);
}

TEST_F(McpHttpTransportTest, SseResponseSkipsPrimingAndNotifications) {
  client_.override_reply = [](const HttpRequest& request) -> std::optional<HttpResult> {
    if (method_of(request) != "tools/call") return std::nullopt;
    std::string id = id_of(request);
    return reply(
        200,
        "id: 0\ndata:\n\n"
        "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\n"
        "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":\"srv-1\",\"method\":\"ping\"}\n\n"
        "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":99,\"result\":{}}\n\n"
        "event: message\r\ndata: {\"jsonrpc\":\"2.0\",\"id\":" +
            id +
            ",\r\ndata: "
            "\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"streamed\"}]}}\r\n\r\n",
        "text/event-stream; charset=utf-8");
  };
  Session mcp = session();
  ToolResult result = normalize_tool_result(mcp.call_tool("echo", json("{}")).value());
  ASSERT_TRUE(result.value.IsString());
  EXPECT_STREQ(result.value.GetString(), "streamed");
}

TEST_F(McpHttpTransportTest, StreamWithoutTheResponseIsAProtocolError) {
  client_.override_reply = [](const HttpRequest& request) -> std::optional<HttpResult> {
    if (method_of(request) != "tools/call") return std::nullopt;
    return reply(200, "id: 0\nretry: 5\ndata:\n\n", "text/event-stream");
  };
  Session mcp = session();
  const McpFailure error = test::failure_of(mcp.call_tool("echo", json("{}")));
  EXPECT_EQ(error.kind, ErrorKind::kProtocol);
  EXPECT_EQ(error.message,
            "MCP server 'remote' ended its event stream without answering 'tools/call'.");
  // It had an event id, so resuming was tried; the server answered the GET 405.
  ASSERT_EQ(client_.requests.size(), 4u);  // initialize, initialized, tools/call, GET
  EXPECT_EQ(client_.requests[3].method, "GET");
  EXPECT_EQ(header_of(client_.requests[3], "Last-Event-ID"), "0");
  EXPECT_EQ(header_of(client_.requests[3], "Accept"), "text/event-stream");
  EXPECT_EQ(header_of(client_.requests[3], "MCP-Session-Id"), "s-1");
  EXPECT_FALSE(client_.requests[3].has_body);
}

TEST_F(McpHttpTransportTest, StreamWithoutEventIdsIsNotResumed) {
  client_.override_reply = [](const HttpRequest& request) -> std::optional<HttpResult> {
    if (method_of(request) != "tools/call") return std::nullopt;
    return reply(200, ": nothing\n\n", "text/event-stream");
  };
  Session mcp = session();
  EXPECT_EQ(test::failure_of(mcp.call_tool("echo", json("{}"))).kind, ErrorKind::kProtocol);
  for (const HttpRequest& request : client_.requests) EXPECT_NE(request.method, "GET");
}

TEST_F(McpHttpTransportTest, ResumedStreamDeliversTheAnswer) {
  client_.override_reply = [](const HttpRequest& request) -> std::optional<HttpResult> {
    if (method_of(request) == "tools/call") {
      return reply(200, "id: e1\nretry: 5\ndata:\n\n", "text/event-stream");
    }
    if (request.method != "GET") return std::nullopt;
    return reply(200,
                 "id: e2\ndata: {\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"content\":"
                 "[{\"type\":\"text\",\"text\":\"resumed\"}]}}\n\n",
                 "text/event-stream");
  };
  Session mcp = session();
  ToolResult result = normalize_tool_result(mcp.call_tool("echo", json("{}")).value());
  EXPECT_STREQ(result.value.GetString(), "resumed");
  EXPECT_EQ(header_of(client_.requests[3], "Last-Event-ID"), "e1");
  EXPECT_FALSE(client_.requests[3].retry_allowed);  // the resumption loop is the retry
}

TEST_F(McpHttpTransportTest, ResumingStopsWhenResumedStreamsBringNothing) {
  client_.override_reply = [](const HttpRequest& request) -> std::optional<HttpResult> {
    if (method_of(request) != "tools/call" && request.method != "GET") return std::nullopt;
    return reply(200, "id: e1\nretry: 1\ndata:\n\n", "text/event-stream");
  };
  Session mcp = session();
  EXPECT_EQ(test::failure_of(mcp.call_tool("echo", json("{}"))).kind, ErrorKind::kProtocol);
  size_t gets = 0;
  for (const HttpRequest& request : client_.requests) gets += request.method == "GET";
  EXPECT_EQ(gets, 3u);
}

TEST_F(McpHttpTransportTest, RequestsInsideTheStreamAreAnsweredOnPostsOfTheirOwn) {
  // A client that hands over whole bodies (a cassette): the questions are answered after the
  // transfer, in order, and the response is still found.
  client_.override_reply = [](const HttpRequest& request) -> std::optional<HttpResult> {
    if (method_of(request) != "tools/call") return std::nullopt;
    return reply(200,
                 "data: {\"jsonrpc\":\"2.0\",\"id\":\"q1\",\"method\":\"ping\"}\n\n"
                 "data: {\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"sampling/createMessage\"}\n\n"
                 "data: {\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"content\":[]}}\n\n",
                 "text/event-stream");
  };
  Session mcp = session();
  EXPECT_TRUE(mcp.call_tool("echo", json("{}")).ok());
  ASSERT_GE(client_.requests.size(), 5u);
  EXPECT_EQ(client_.requests[3].body, R"({"jsonrpc":"2.0","id":"q1","result":{}})");
  EXPECT_EQ(client_.requests[4].body, R"({"jsonrpc":"2.0","id":7,"error":{"code":-32601,)"
                                      R"("message":"Method not found: sampling/createMessage"}})");
  EXPECT_EQ(header_of(client_.requests[4], "MCP-Session-Id"), "s-1");
}

TEST_F(McpHttpTransportTest, ExpiredSessionIsReinitializedAndRetriedOnce) {
  int expiries = 1;
  client_.override_reply = [&](const HttpRequest& request) -> std::optional<HttpResult> {
    if (method_of(request) == "tools/call" && expiries > 0) {
      --expiries;
      return reply(
          404,
          R"({"jsonrpc":"2.0","error":{"code":-32001,"message":"Session not found"},"id":null})");
    }
    return std::nullopt;
  };
  Session mcp = session();
  EXPECT_TRUE(mcp.call_tool("echo", json("{}")).ok());
  std::vector<std::string> methods;
  for (const HttpRequest& request : client_.requests) methods.push_back(method_of(request));
  EXPECT_EQ(methods,
            (std::vector<std::string>{"initialize", "notifications/initialized", "tools/call",
                                      "initialize", "notifications/initialized", "tools/call"}));
  EXPECT_EQ(header_of(client_.requests[3], "MCP-Session-Id"), "<absent>");
  EXPECT_EQ(header_of(client_.requests[5], "MCP-Session-Id"), "s-2");

  expiries = 2;
  const McpFailure error = test::failure_of(mcp.call_tool("echo", json("{}")));
  EXPECT_EQ(error.kind, ErrorKind::kSessionExpired);
  EXPECT_EQ(error.message, "MCP server 'remote' ended the session (HTTP 404).");
}

TEST_F(McpHttpTransportTest, ErrorStatusesCarryTheServersMessage) {
  client_.override_reply = [](const HttpRequest& request) -> std::optional<HttpResult> {
    return reply(400, R"({"jsonrpc":"2.0","error":{"code":-32000,)"
                      R"("message":"Bad Request: Server not initialized"},"id":null})");
  };
  Session mcp = session();
  const McpFailure error = test::failure_of(mcp.initialize());
  EXPECT_EQ(error.kind, ErrorKind::kTransport);
  EXPECT_EQ(error.message,
            "MCP server 'remote' answered HTTP 400: Bad Request: Server not initialized.");
}

TEST_F(McpHttpTransportTest, TransportFailuresAndTimeouts) {
  client_.override_reply = [](const HttpRequest&) -> std::optional<HttpResult> {
    HttpResult result;
    result.transport_error = "Operation timed out after 30001 milliseconds";
    return result;
  };
  Session mcp = session();
  const McpFailure error = test::failure_of(mcp.initialize());
  EXPECT_EQ(error.kind, ErrorKind::kTimeout);
  EXPECT_EQ(error.message, "MCP server 'remote' timed out after 30s.");
}

TEST_F(McpHttpTransportTest, TimedOutCallIsCancelled) {
  client_.override_reply = [](const HttpRequest& request) -> std::optional<HttpResult> {
    if (method_of(request) != "tools/call") return std::nullopt;
    HttpResult result;
    result.transport_error = "Operation timed out after 7000 milliseconds";
    return result;
  };
  Session mcp = session();
  EXPECT_FALSE(mcp.call_tool("sleep", json("{}")).ok());
  ASSERT_EQ(client_.requests.size(), 4u);
  EXPECT_EQ(client_.requests[3].body, R"({"jsonrpc":"2.0","method":"notifications/cancelled",)"
                                      R"("params":{"requestId":2,"reason":"Timed out"}})");
  EXPECT_EQ(header_of(client_.requests[3], "MCP-Session-Id"), "s-1");
}

TEST_F(McpHttpTransportTest, AcceptedWithoutBodyIsNotAResponse) {
  client_.override_reply = [](const HttpRequest& request) -> std::optional<HttpResult> {
    if (method_of(request) == "tools/call") return reply(202, "", "");
    return std::nullopt;
  };
  Session mcp = session();
  EXPECT_FALSE(mcp.call_tool("echo", json("{}")).ok());
}

TEST_F(McpHttpTransportTest, StatelessServerGetsNoSessionHeaderOrDelete) {
  client_.override_reply = [](const HttpRequest& request) -> std::optional<HttpResult> {
    if (method_of(request) != "initialize") return std::nullopt;
    return reply(200, R"({"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-11-25"}})");
  };
  {
    Session mcp = session();
    mcp.list_tools().value();
  }
  EXPECT_EQ(client_.requests.size(), 3u);
  EXPECT_EQ(header_of(client_.requests[2], "MCP-Session-Id"), "<absent>");
  EXPECT_EQ(client_.requests.back().method, "POST");
}

TEST_F(McpHttpTransportTest, MissingUrlIsAConfigError) {
  config_.url.clear();
  EXPECT_EQ(test::failure_of(HttpTransport::open(config_, client_)).kind, ErrorKind::kConfig);
}

// The fake server in --http mode, through libcurl.
class McpHttpFakeServerTest : public ::testing::Test {
 protected:
  void start(std::vector<std::string> args) {
    args.insert(args.begin(), "--http");
    config::ProcessEnvironment env;
    server_ = ChildProcess::start(SpawnSpec{fake_, args, child_environment(env, {}), {}}).value();
    std::string line;
    char c = 0;
    pollfd ready{server_->stdout_fd(), POLLIN, 0};
    while (line.size() < 64 && poll(&ready, 1, 5000) > 0 &&
           read(server_->stdout_fd(), &c, 1) == 1 && c != '\n') {
      line.push_back(c);
    }
    ASSERT_TRUE(line.starts_with("PORT ")) << line;
    url_ = "http://127.0.0.1:" + line.substr(5);
    config_.name = "fake-http";
    config_.transport = transport_for("http", true);
    config_.url = url_ + "/mcp";
    config_.headers = {{"X-Test", "configured"}};
  }
  void SetUp() override { KOSMO_REQUIRE_FAKE_MCP(fake_); }
  void TearDown() override {
    server_.reset();
    if (!fake_.empty()) {
      EXPECT_TRUE(test::no_child_processes());
    }
  }
  std::unique_ptr<Session> session() {
    return std::make_unique<Session>(HttpTransport::open(config_, client_).value(),
                                     SessionOptions{.server_name = "fake-http"});
  }
  rapidjson::Document server_log() {
    HttpRequest request;
    request.method = "GET";
    request.url = url_ + "/debug/log";
    HttpResult result = client_.send(request);
    rapidjson::Document log;
    log.Parse(result.response.body.c_str());
    return log;
  }

  std::string fake_;
  std::string url_;
  std::unique_ptr<ChildProcess> server_;
  ServerConfig config_;
  http::CurlHttpClient client_;
};

TEST_F(McpHttpFakeServerTest, JsonResponsesAndSessionLifecycle) {
  start({"--page-size", "4"});
  auto mcp = session();
  EXPECT_EQ(mcp->list_tools().value().Size(), 11u);
  ToolResult echoed =
      normalize_tool_result(mcp->call_tool("echo", json(R"({"message":"over http"})")).value());
  EXPECT_STREQ(echoed.value.GetString(), "over http");
  mcp.reset();  // DELETE
  rapidjson::Document log = server_log();
  ASSERT_TRUE(log.IsArray());
  ASSERT_EQ(log.Size(), 7u);  // initialize, initialized, 3 pages, call, DELETE
  EXPECT_STREQ(log[0]["session"].GetString(), "");
  EXPECT_STREQ(log[0]["x_test"].GetString(), "configured");
  EXPECT_STREQ(log[1]["session"].GetString(), "fake-session-1");
  EXPECT_STREQ(log[1]["version"].GetString(), "2025-11-25");
  EXPECT_STREQ(log[6]["method"].GetString(), "DELETE");
  EXPECT_STREQ(log[6]["session"].GetString(), "fake-session-1");
}

TEST_F(McpHttpFakeServerTest, SseResponses) {
  start({"--sse"});
  auto mcp = session();
  EXPECT_EQ(mcp->list_tools().value().Size(), 11u);
  ToolResult weather =
      normalize_tool_result(mcp->call_tool("get-weather", json(R"({"city":"Rome"})")).value());
  EXPECT_EQ(to_json(weather.value), R"({"city":"Rome","celsius":21})");
}

TEST_F(McpHttpFakeServerTest, SessionExpiryIsRecovered) {
  start({"--expire-after", "2"});  // initialized + one request, then 404
  auto mcp = session();
  EXPECT_EQ(mcp->list_tools().value().Size(), 11u);
  ToolResult echoed =
      normalize_tool_result(mcp->call_tool("echo", json(R"({"message":"again"})")).value());
  EXPECT_STREQ(echoed.value.GetString(), "again");
  mcp.reset();
  rapidjson::Document log = server_log();
  ASSERT_EQ(log.Size(), 8u);  // ..., tools/call (404), initialize, initialized, tools/call, DELETE
  EXPECT_STREQ(log[3]["rpc"].GetString(), "tools/call");
  EXPECT_STREQ(log[4]["rpc"].GetString(), "initialize");
  EXPECT_STREQ(log[4]["session"].GetString(), "");
  EXPECT_STREQ(log[6]["rpc"].GetString(), "tools/call");
  EXPECT_STREQ(log[6]["session"].GetString(), "fake-session-2");
}

TEST_F(McpHttpFakeServerTest, QuestionsInsideAStreamAreAnsweredWhileItWaits) {
  start({"--sse", "--ping-first", "--ask-first", "elicit"});
  const ClientCapabilities capabilities = default_client_capabilities(ElicitationPolicy::kDefaults);
  Session mcp(HttpTransport::open(config_, client_, nullptr, &capabilities).value(),
              SessionOptions{.server_name = "fake-http"});
  ToolResult seen = normalize_tool_result(mcp.call_tool("inspect", json("{}")).value());
  EXPECT_EQ(seen.value["pings_answered"].GetInt(), 1);
  ASSERT_EQ(seen.value["client_answers"].Size(), 1u);
  EXPECT_EQ(to_json(seen.value["client_answers"][0]["result"]),
            R"({"action":"accept","content":{"name":"kosmo","count":3}})");
}

TEST_F(McpHttpFakeServerTest, DroppedStreamIsResumedWithItsLastEventId) {
  start({"--sse", "--drop-stream"});
  auto mcp = session();
  ToolResult echoed =
      normalize_tool_result(mcp->call_tool("echo", json(R"({"message":"back"})")).value());
  EXPECT_STREQ(echoed.value.GetString(), "back");
  mcp.reset();
  rapidjson::Document log = server_log();
  ASSERT_EQ(log.Size(), 5u);  // initialize, initialized, tools/call, GET, DELETE
  EXPECT_STREQ(log[3]["method"].GetString(), "GET");
  EXPECT_STREQ(log[3]["last_event_id"].GetString(), "fake-1");
  EXPECT_STREQ(log[3]["session"].GetString(), "fake-session-1");
}

TEST_F(McpHttpFakeServerTest, SessionForgottenWith400IsRecovered) {
  start({"--expire-after", "2", "--expire-status", "400"});
  auto mcp = session();
  EXPECT_EQ(mcp->list_tools().value().Size(), 11u);
  ToolResult echoed =
      normalize_tool_result(mcp->call_tool("echo", json(R"({"message":"again"})")).value());
  EXPECT_STREQ(echoed.value.GetString(), "again");
}

TEST_F(McpHttpFakeServerTest, QuestionsOnTheGetStreamAreAnsweredWhileTheCallWaits) {
  start({"--sse", "--ask-via-get", "--ping-first", "--ask-first", "roots"});
  const ClientCapabilities capabilities =
      default_client_capabilities(ElicitationPolicy::kDefaults, {"."});
  std::vector<std::string> notifications;
  {
    Session mcp(HttpTransport::open(config_, client_, nullptr, &capabilities, true).value(),
                SessionOptions{.server_name = "fake-http"});
    ToolResult seen = normalize_tool_result(mcp.call_tool("inspect", json("{}")).value());
    EXPECT_EQ(seen.value["pings_answered"].GetInt(), 1);
    ASSERT_EQ(seen.value["client_answers"].Size(), 1u);
    EXPECT_EQ(seen.value["client_answers"][0]["result"]["roots"].Size(), 1u);
  }  // closing ends the GET stream's thread (the DELETE makes the server end the stream)
  rapidjson::Document log = server_log();
  std::vector<std::string> methods;
  for (const auto& entry : log.GetArray()) methods.emplace_back(entry["method"].GetString());
  // initialize, initialized, GET (opened before the first request), tools/call, two answers,
  // DELETE
  ASSERT_EQ(methods,
            (std::vector<std::string>{"POST", "POST", "GET", "POST", "POST", "POST", "DELETE"}));
  EXPECT_STREQ(log[2]["session"].GetString(), "fake-session-1");
  EXPECT_STREQ(log[2]["last_event_id"].GetString(), "");
}

TEST_F(McpHttpFakeServerTest, AServerWithoutGetStreamIsAskedOnceAndLeftAlone) {
  start({});  // answers GET 405
  const ClientCapabilities capabilities = default_client_capabilities(ElicitationPolicy::kDefaults);
  {
    Session mcp(HttpTransport::open(config_, client_, nullptr, &capabilities, true).value(),
                SessionOptions{.server_name = "fake-http"});
    EXPECT_EQ(mcp.list_tools().value().Size(), 11u);
    EXPECT_EQ(mcp.list_tools().value().Size(), 11u);
  }
  size_t gets = 0;
  const rapidjson::Document log = server_log();  // kept: GetArray() is a view into it
  for (const auto& entry : log.GetArray()) gets += entry["method"] == "GET";
  EXPECT_EQ(gets, 1u);
}

}  // namespace
}  // namespace kosmo::mcp
