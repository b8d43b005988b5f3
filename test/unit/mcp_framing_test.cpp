#include <gtest/gtest.h>

#include <string>

#include "lib/mcp/errors.h"
#include "lib/mcp/json_rpc.h"
#include "lib/mcp/line_reader.h"
#include "lib/mcp/sha256.h"
#include "lib/mcp/sse_parser.h"

namespace kosmo::mcp {
namespace {

std::vector<std::string> all_lines(LineReader& reader) {
  std::vector<std::string> lines;
  while (auto line = reader.next_line()) lines.push_back(*line);
  return lines;
}

TEST(McpJsonRpcTest, BuildsRequestsAndNotifications) {
  rapidjson::Document params;
  params.Parse(R"({"name":"a/b","text":"caf\u00e9"})");
  EXPECT_EQ(request_message(7, "tools/call", &params),
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
            "\"params\":{\"name\":\"a/b\",\"text\":\"caf\xC3\xA9\"}}");
  EXPECT_EQ(request_message(1, "tools/list"), R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})");
  rapidjson::Value null_params;
  EXPECT_EQ(notification_message("notifications/initialized", &null_params),
            R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
}

TEST(McpJsonRpcTest, NewlinesInsideStringsStayEscaped) {
  rapidjson::Document params;
  params.Parse(R"({"text":"line1\nline2"})");
  EXPECT_EQ(request_message(1, "x", &params).find('\n'), std::string::npos);
}

TEST(McpJsonRpcTest, BuildsRepliesWithTheServersId) {
  rapidjson::Document id;
  id.Parse(R"("abc")");
  rapidjson::Value empty(rapidjson::kObjectType);
  EXPECT_EQ(result_message(id, empty), R"({"jsonrpc":"2.0","id":"abc","result":{}})");
  EXPECT_EQ(
      error_message(id, rpc_code::kMethodNotFound, "Method not found: x"),
      R"({"jsonrpc":"2.0","id":"abc","error":{"code":-32601,"message":"Method not found: x"}})");
}

TEST(McpJsonRpcTest, ClassifiesMessages) {
  EXPECT_EQ(parse_message(R"({"jsonrpc":"2.0","id":1,"method":"ping"})").kind,
            MessageKind::kRequest);
  EXPECT_EQ(parse_message(R"({"jsonrpc":"2.0","method":"notifications/x"})").kind,
            MessageKind::kNotification);
  EXPECT_EQ(parse_message(R"({"jsonrpc":"2.0","id":1,"result":{}})").kind, MessageKind::kResponse);
  EXPECT_EQ(parse_message(R"({"jsonrpc":"2.0","id":1,"error":{"code":1}})").kind,
            MessageKind::kResponse);
  EXPECT_EQ(parse_message("not json").kind, MessageKind::kInvalid);
  EXPECT_EQ(parse_message("[1,2]").kind, MessageKind::kInvalid);
  EXPECT_EQ(parse_message(R"({"id":1})").kind, MessageKind::kInvalid);
  EXPECT_EQ(parse_message(R"({"method":3})").kind, MessageKind::kInvalid);
  Message request = parse_message(R"({"jsonrpc":"2.0","id":"p","method":"ping"})");
  EXPECT_EQ(request.method(), "ping");
}

TEST(McpJsonRpcTest, RespondsToMatchesIntegerIdsOnly) {
  EXPECT_TRUE(parse_message(R"({"id":5,"result":{}})").responds_to(5));
  EXPECT_FALSE(parse_message(R"({"id":6,"result":{}})").responds_to(5));
  EXPECT_FALSE(parse_message(R"({"id":"5","result":{}})").responds_to(5));
  EXPECT_FALSE(parse_message(R"({"id":5,"method":"ping"})").responds_to(5));
}

TEST(McpJsonRpcTest, TakeResultMovesTheResultOut) {
  Message message = parse_message(R"({"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"a"}]}})");
  McpOutcome<rapidjson::Document> result = take_result(std::move(message.document));
  ASSERT_TRUE(result.ok() && result->IsObject());
  EXPECT_STREQ((*result)["tools"][0]["name"].GetString(), "a");
  rapidjson::Document no_result;
  no_result.Parse(R"({"jsonrpc":"2.0","id":1})");
  EXPECT_TRUE(take_result(std::move(no_result))->IsObject());
}

TEST(McpJsonRpcTest, ErrorResponsesFailWithCodeMessageAndData) {
  rapidjson::Document response;
  response.Parse(R"({"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Unknown tool: x",
                    "data":{"tool":"x"}}})");
  const McpOutcome<rapidjson::Document> result = take_result(std::move(response));
  ASSERT_FALSE(result.ok());
  const McpFailure& error = result.error();
  EXPECT_EQ(error.rpc_code, -32602);
  EXPECT_EQ(error.rpc_message, "Unknown tool: x");
  EXPECT_EQ(error.rpc_data_json, R"({"tool":"x"})");
  EXPECT_EQ(error.message, "MCP error -32602: Unknown tool: x");
  EXPECT_EQ(error.kind, ErrorKind::kRpc);
}

TEST(McpJsonRpcTest, AMessageThatAlreadyCarriesThePrefixIsNotPrefixedAgain) {
  rapidjson::Document response;
  response.Parse(R"({"jsonrpc":"2.0","id":1,"error":{"code":-32602,
                    "message":"MCP error -32602: Tool nope not found"}})");
  const McpOutcome<rapidjson::Document> result = take_result(std::move(response));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message, "MCP error -32602: Tool nope not found");
  EXPECT_EQ(result.error().rpc_message, "MCP error -32602: Tool nope not found");
  // Another code's prefix is the server's own text: kept, behind ours.
  response.Parse(R"({"jsonrpc":"2.0","id":1,"error":{"code":-32603,
                    "message":"MCP error -32602: wrapped"}})");
  EXPECT_EQ(take_result(std::move(response)).error().message,
            "MCP error -32603: MCP error -32602: wrapped");
}

TEST(McpJsonRpcTest, MalformedErrorObjectsStillFail) {
  rapidjson::Document response;
  response.Parse(R"({"id":1,"error":"boom"})");
  const McpOutcome<rapidjson::Document> result = take_result(std::move(response));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().rpc_code, rpc_code::kInternalError);
  EXPECT_EQ(result.error().rpc_data_json, "");
}

TEST(McpLineReaderTest, JoinsPartialLinesAndSplitsBatches) {
  LineReader reader;
  reader.append(R"({"a":)");
  EXPECT_FALSE(reader.next_line());
  reader.append("1}\n{\"b\":2}\r\n\n{\"c\"");
  EXPECT_EQ(all_lines(reader), (std::vector<std::string>{R"({"a":1})", R"({"b":2})", ""}));
  reader.append(":3}\n");
  EXPECT_EQ(all_lines(reader), (std::vector<std::string>{R"({"c":3})"}));
  EXPECT_EQ(reader.buffered_bytes(), 0u);
}

TEST(McpLineReaderTest, LargeMessageInSmallPieces) {
  std::string message = "{\"text\":\"" + std::string(3 << 20, 'x') + "\"}";
  LineReader reader;
  size_t lines = 0;
  for (size_t at = 0; at < message.size(); at += 4093) {
    reader.append(std::string_view(message).substr(at, 4093));
    while (reader.next_line()) ++lines;
  }
  EXPECT_EQ(lines, 0u);
  reader.append("\n");
  std::optional<std::string> line = reader.next_line();
  ASSERT_TRUE(line);
  EXPECT_EQ(*line, message);
}

TEST(McpLineReaderTest, ManyLinesDoNotAccumulate) {
  LineReader reader;
  for (int i = 0; i < 10000; ++i) {
    reader.append("{\"i\":" + std::to_string(i) + "}\n{\"j\":");
    ASSERT_TRUE(reader.next_line());
    reader.append("0}\n");
    ASSERT_TRUE(reader.next_line());
  }
  EXPECT_EQ(reader.buffered_bytes(), 0u);
}

TEST(McpLineReaderTest, ReportsOverflow) {
  LineReader reader(16);
  reader.append(std::string(16, 'x'));
  EXPECT_FALSE(reader.next_line());
  EXPECT_FALSE(reader.overflowed());
  reader.append("y");
  EXPECT_TRUE(reader.overflowed());
}

TEST(McpSseParserTest, DispatchesEventsOnBlankLines) {
  std::vector<SseEvent> events =
      parse_sse("event: message\nid: 7\ndata: {\"a\":1}\n\ndata: second\n\n");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type, "message");
  EXPECT_EQ(events[0].id, "7");
  EXPECT_EQ(events[0].data, R"({"a":1})");
  EXPECT_EQ(events[1].type, "message");
  EXPECT_EQ(events[1].id, "7");  // the last event id stays in force
  EXPECT_EQ(events[1].data, "second");
}

TEST(McpSseParserTest, JoinsMultiLineDataAndSkipsComments) {
  std::vector<SseEvent> events =
      parse_sse(": keep-alive\ndata: line one\n: interleaved comment\ndata:line two\ndata\n\n");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].data, "line one\nline two\n");
}

TEST(McpSseParserTest, PrimingEventIsNotDispatchedButSetsTheId) {
  SseParser parser;
  parser.feed("id: prime-1\ndata:\n\n");
  EXPECT_TRUE(parser.take_events().empty());
  EXPECT_EQ(parser.last_event_id(), "prime-1");
  parser.feed("event: custom\ndata: x\n\n");
  std::vector<SseEvent> events = parser.take_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, "custom");
  EXPECT_EQ(events[0].id, "prime-1");
}

TEST(McpSseParserTest, HandlesCrLfCrAndChunkBoundaries) {
  std::string stream = "data: a\r\n\r\ndata: b\r\rdata: c\n\n";
  std::vector<SseEvent> whole = parse_sse(stream);
  ASSERT_EQ(whole.size(), 3u);
  SseParser parser;
  for (char c : stream) parser.feed(std::string_view(&c, 1));  // every boundary, CR|LF included
  parser.finish();
  std::vector<SseEvent> bytewise = parser.take_events();
  ASSERT_EQ(bytewise.size(), 3u);
  EXPECT_EQ(bytewise[0].data, "a");
  EXPECT_EQ(bytewise[1].data, "b");
  EXPECT_EQ(bytewise[2].data, "c");
}

TEST(McpSseParserTest, FinalEventWithoutBlankLineCountsAtFinish) {
  std::vector<SseEvent> events = parse_sse("data: {\"id\":1}");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].data, R"({"id":1})");
}

TEST(McpSseParserTest, RetryByteOrderMarkAndUnknownFields) {
  SseParser parser;
  parser.feed("\xEF\xBB\xBFretry: 1500\nfoo: bar\ndata:  two spaces\n\nretry: soon\n\n");
  parser.finish();
  EXPECT_EQ(parser.retry_ms(), 1500);
  std::vector<SseEvent> events = parser.take_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].data, " two spaces");  // only one leading space is stripped
}

TEST(McpSha256Test, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // 55, 56 and 64 bytes: the padding boundaries.
  EXPECT_EQ(sha256_hex(std::string(55, 'a')),
            "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  EXPECT_EQ(sha256_hex(std::string(56, 'a')),
            "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  EXPECT_EQ(sha256_hex(std::string(64, 'a')),
            "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

}  // namespace
}  // namespace kosmo::mcp
