// HttpRequestParser on whole, split and pipelined input, and its refusals; the response bytes
// of http_response_writer.h.
#include <gtest/gtest.h>

#include "lib/gateway/http_request_parser.h"
#include "lib/gateway/http_response_writer.h"

namespace kosmo::gateway {
namespace {

using State = HttpRequestParser::State;

constexpr std::string_view kPost =
    "POST /mcp?x=1 HTTP/1.1\r\nHost: localhost\r\nContent-Type:application/json  \r\n"
    "Content-Length: 13\r\n\r\n{\"jsonrpc\":1}";

TEST(HttpRequestParser, ParsesARequestWithABody) {
  HttpRequestParser parser(1024);
  ASSERT_EQ(parser.feed(kPost), State::kComplete);
  const HttpRequest& request = parser.request();
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/mcp?x=1");
  EXPECT_EQ(request.path(), "/mcp");
  EXPECT_EQ(*request.header("content-type"), "application/json");
  EXPECT_EQ(request.body, "{\"jsonrpc\":1}");
  EXPECT_TRUE(request.keep_alive());
}

TEST(HttpRequestParser, ByteByByteGivesTheSameRequest) {
  HttpRequestParser parser(1024);
  State state = State::kIncomplete;
  for (char c : kPost) {
    ASSERT_EQ(state, State::kIncomplete);
    state = parser.feed(std::string_view(&c, 1));
  }
  ASSERT_EQ(state, State::kComplete);
  EXPECT_EQ(parser.request().body, "{\"jsonrpc\":1}");
}

TEST(HttpRequestParser, PipelinedRequestsComeOneAfterAnother) {
  HttpRequestParser parser(1024);
  const std::string two = std::string(kPost) + "\r\nGET /mcp HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET";
  ASSERT_EQ(parser.feed(two), State::kComplete);
  EXPECT_EQ(parser.request().method, "POST");
  ASSERT_EQ(parser.next(), State::kComplete);
  EXPECT_EQ(parser.request().method, "GET");
  EXPECT_EQ(parser.request().minor_version, 0);
  EXPECT_TRUE(parser.request().keep_alive());
  EXPECT_TRUE(parser.request().body.empty());
  EXPECT_EQ(parser.next(), State::kIncomplete);
  EXPECT_TRUE(parser.has_partial_request());
}

TEST(HttpRequestParser, ConnectionCloseAndHttp10) {
  HttpRequestParser parser(0);
  ASSERT_EQ(parser.feed("GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n"), State::kComplete);
  EXPECT_FALSE(parser.request().keep_alive());
  HttpRequestParser old(0);
  ASSERT_EQ(old.feed("GET / HTTP/1.0\r\n\r\n"), State::kComplete);  // no Host needed in 1.0
  EXPECT_FALSE(old.request().keep_alive());
}

struct Refusal {
  std::string input;
  int status;
};

class HttpRequestParserRefusals : public testing::TestWithParam<Refusal> {};

TEST_P(HttpRequestParserRefusals, AnswersWithTheRightStatus) {
  HttpRequestParser parser(100);
  EXPECT_EQ(parser.feed(GetParam().input), State::kFailed);
  EXPECT_EQ(parser.error_status(), GetParam().status);
  EXPECT_FALSE(parser.error_reason().empty());
  EXPECT_EQ(parser.feed("GET / HTTP/1.1\r\n\r\n"), State::kFailed);  // stays failed
}

INSTANTIATE_TEST_SUITE_P(
    Inputs, HttpRequestParserRefusals,
    testing::Values(
        Refusal{"GET\r\n\r\n", 400}, Refusal{"GET /mcp\r\n\r\n", 400},
        Refusal{"G(T /mcp HTTP/1.1\r\nHost: a\r\n\r\n", 400},
        Refusal{"GET mcp HTTP/1.1\r\nHost: a\r\n\r\n", 400},
        Refusal{"GET /m\x01 HTTP/1.1\r\nHost: a\r\n\r\n", 400},
        Refusal{"GET /mcp HTTP/1.1\r\n\r\n", 400},
        Refusal{"GET /mcp HTTP/1.1\r\nHost : a\r\n\r\n", 400},
        Refusal{"GET /mcp HTTP/1.1\r\nHost: a\r\n x\r\n\r\n", 400},
        Refusal{"GET /mcp HTTP/1.1\r\nHost: a\r\nX: a\x7F\r\n\r\n", 400},
        Refusal{"GET /mcp HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", 400},
        Refusal{"POST /mcp HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n", 400},
        Refusal{"POST /mcp HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400},
        Refusal{"POST /mcp HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n", 400},
        Refusal{"POST /mcp HTTP/1.1\r\nHost: a\r\nContent-Length: 101\r\n\r\n", 413},
        Refusal{"POST /mcp HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", 411},
        Refusal{"POST /mcp HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 501},
        Refusal{"POST /mcp HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", 411},
        Refusal{"GET /mcp HTTP/2.0\r\nHost: a\r\n\r\n", 505},
        Refusal{"GET /mcp HTTP/1.1\r\nHost: a\r\nX: " + std::string(kMaxHeadBytes, 'a'), 431},
        Refusal{"GET /mcp HTTP/1.1\r\nHost: a\r\nX: " + std::string(kMaxHeadBytes, 'a') + "\r\n\r\n", 431}));

TEST(HttpRequestParser, RepeatedEqualContentLengthsAreOne) {
  HttpRequestParser parser(100);
  EXPECT_EQ(parser.feed("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok"),
            State::kComplete);
  EXPECT_EQ(parser.request().body, "ok");
}

TEST(HttpRequestParser, LeadingEmptyLinesAreSkipped) {
  HttpRequestParser parser(0);
  EXPECT_EQ(parser.feed("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"), State::kComplete);
}

TEST(HttpResponseWriter, JsonResponseCarriesItsLength) {
  HttpResponse response{200, {{"Content-Type", "application/json"}}, "{}", false};
  EXPECT_EQ(serialize_response(response),
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
  response.close = true;
  EXPECT_NE(serialize_response(response).find("Connection: close\r\n\r\n{}"), std::string::npos);
  EXPECT_EQ(serialize_response(HttpResponse{204, {}, {}, false}), "HTTP/1.1 204 No Content\r\n\r\n");
}

TEST(HttpResponseWriter, EventsAreChunkedSseMessages) {
  EXPECT_EQ(chunk("hello"), "5\r\nhello\r\n");
  EXPECT_EQ(chunk(std::string(26, 'x')).substr(0, 4), "1a\r\n");
  EXPECT_EQ(chunk(""), "");
  EXPECT_EQ(sse_message_event("{\"a\":1}"), "event: message\ndata: {\"a\":1}\n\n");
  EXPECT_EQ(sse_message_event("{\n\"a\":1\r\n}"), "event: message\ndata: {\ndata: \"a\":1\ndata: }\n\n");
  EXPECT_EQ(sse_comment("keep-alive"), ": keep-alive\n\n");
  const std::string head = event_stream_head(200, {{"Mcp-Session-Id", "abc"}});
  EXPECT_NE(head.find("Content-Type: text/event-stream\r\n"), std::string::npos);
  EXPECT_NE(head.find("Transfer-Encoding: chunked\r\n\r\n"), std::string::npos);
  EXPECT_EQ(head.find("Content-Length"), std::string::npos);
}

}  // namespace
}  // namespace kosmo::gateway
