// AnswerReader: an HTTP answer's event stream read piece by piece, as libcurl delivers it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lib/mcp/http_answer_reader.h"

namespace kosmo::mcp {
namespace {

http::HttpResponse event_stream_head() {
  http::HttpResponse head;
  head.status = 200;
  head.headers = {{"content-type", "text/event-stream; charset=utf-8"}};
  return head;
}

const std::string kStream =
    "id: 1\nretry: 250\ndata:\n\n"
    "data: {\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"ping\"}\n\n"
    "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\n"
    "id: 2\ndata: {\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{\"ok\":true}}\n\n"
    "data: {\"jsonrpc\":\"2.0\",\"method\":\"after/the/answer\"}\n\n";

TEST(McpAnswerReaderTest, ByteByByteItHandsOverOtherMessagesAndStopsAtTheResponse) {
  std::vector<std::string> others;
  AnswerReader reader(5, [&](const Message& message) { others.emplace_back(message.method()); });
  const http::HttpResponse head = event_stream_head();
  size_t fed = 0;
  while (fed < kStream.size() && reader.read(head, std::string_view(kStream).substr(fed, 1))) {
    ++fed;
  }
  ASSERT_TRUE(reader.answered());
  EXPECT_EQ(kStream.substr(fed - 1, 2), "\n\n");  // stopped on the blank line ending the answer
  EXPECT_TRUE(reader.event_stream());
  EXPECT_EQ(others, (std::vector<std::string>{"ping", "notifications/progress"}));
  EXPECT_EQ(reader.last_event_id(), "2");
  EXPECT_EQ(reader.retry_ms(), 250);
  EXPECT_EQ(reader.messages_read(), 3u);
  EXPECT_TRUE(reader.take_response()["result"]["ok"].GetBool());
}

TEST(McpAnswerReaderTest, FinishReadsWhatWasNotStreamedAndTheUnterminatedLastEvent) {
  std::vector<std::string> others;
  AnswerReader reader(5, [&](const Message& message) { others.emplace_back(message.method()); });
  http::HttpResponse whole = event_stream_head();
  whole.body =
      "data: {\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"ping\"}\n\n"
      "data: {\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{}}";  // no blank line
  const size_t streamed = 20;
  reader.read(whole, std::string_view(whole.body).substr(0, streamed));
  EXPECT_FALSE(reader.answered());
  reader.finish(whole, streamed);
  EXPECT_TRUE(reader.answered());
  EXPECT_EQ(others, (std::vector<std::string>{"ping"}));
}

TEST(McpAnswerReaderTest, JsonBodiesAreLeftToTheCaller) {
  int others = 0;
  AnswerReader reader(1, [&](const Message&) { ++others; });
  http::HttpResponse json;
  json.status = 200;
  json.headers = {{"content-type", "application/json"}};
  json.body = R"({"jsonrpc":"2.0","id":1,"result":{}})";
  EXPECT_TRUE(reader.read(json, json.body));
  reader.finish(json, json.body.size());
  EXPECT_FALSE(reader.answered());
  EXPECT_FALSE(reader.event_stream());
  EXPECT_EQ(others, 0);
}

TEST(McpAnswerReaderTest, AResumedStreamKeepsTheLastEventIdUntilItSendsOne) {
  AnswerReader reader(9, [](const Message&) {});
  const http::HttpResponse head = event_stream_head();
  reader.read(head, "id: first\nretry: 10\ndata:\n\n");
  reader.finish(head, 0);
  reader.begin_resumed_stream();
  reader.read(head, ": keep-alive\n\n");
  EXPECT_EQ(reader.last_event_id(), "first");
  EXPECT_EQ(reader.retry_ms(), 10);
  reader.read(head, "id: second\ndata: {\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{}}\n\n");
  EXPECT_TRUE(reader.answered());
  EXPECT_EQ(reader.last_event_id(), "second");
}

}  // namespace
}  // namespace kosmo::mcp
