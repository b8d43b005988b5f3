#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>

#include "lib/mcp/errors.h"
#include "lib/mcp/json_rpc.h"
#include "lib/mcp/session.h"
#include "lib/mcp/tool_result.h"
#include "test/unit/outcome_testing.h"

namespace kosmo::mcp {
namespace {

std::string init_result(const std::string& version,
                        const std::string& capabilities = R"({"tools":{},"resources":{}})") {
  return R"({"protocolVersion":")" + version + R"(","capabilities":)" + capabilities +
         R"(,"serverInfo":{"name":"mem","version":"1"}})";
}

// A transport answering from a function of (method, params JSON); records what was sent.
class MemoryTransport : public Transport {
 public:
  using Responder = std::function<std::string(const std::string& method, const rapidjson::Value&)>;

  McpOutcome<rapidjson::Document> round_trip(const OutgoingRequest& request,
                                             double timeout_s) override {
    sent.push_back(request.text);
    rapidjson::Document message;
    message.Parse(request.text.c_str());
    static const rapidjson::Value kNoParams(rapidjson::kNullType);
    const rapidjson::Value& params = message.HasMember("params") ? message["params"] : kNoParams;
    std::string body = respond(request.method, params);  // a result, or "!<json error>"
    rapidjson::Document response;
    std::string id = std::to_string(request.id);
    if (body.starts_with("!")) {
      response.Parse(
          ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":" + body.substr(1) + "}").c_str());
    } else {
      response.Parse(("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + body + "}").c_str());
    }
    return response;
  }
  McpCheck notify(const std::string& text, double) override {
    sent.push_back(text);
    return std::nullopt;
  }
  void set_protocol_version(const std::string& version) override { protocol_version = version; }
  void close() noexcept override { ++closes; }

  std::string respond(const std::string& method, const rapidjson::Value& params) {
    if (method == "initialize" && !initialize_result.empty()) return initialize_result;
    if (responder) return responder(method, params);
    return "{}";
  }

  std::vector<std::string> sent;
  std::string initialize_result = init_result("2025-11-25");
  Responder responder;
  std::string protocol_version;
  int closes = 0;
};

class McpSessionTest : public ::testing::Test {
 protected:
  McpSessionTest() {
    auto transport = std::make_unique<MemoryTransport>();
    transport_ = transport.get();
    SessionOptions options;
    options.server_name = "mem";
    options.max_pages = 5;
    session_ = std::make_unique<Session>(std::move(transport), options);
  }

  MemoryTransport* transport_;
  std::unique_ptr<Session> session_;
};

TEST_F(McpSessionTest, HandshakeMessagesAreExact) {
  EXPECT_FALSE(session_->initialize().has_value());
  ASSERT_EQ(transport_->sent.size(), 2u);
  EXPECT_EQ(
      transport_->sent[0],
      R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":)"
      R"("2025-11-25","capabilities":{},"clientInfo":{"name":"kosmo","version":")" KOSMO_VERSION
      R"("}}})");
  EXPECT_EQ(transport_->sent[1], R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  EXPECT_EQ(session_->protocol_version(), "2025-11-25");
  EXPECT_EQ(transport_->protocol_version, "2025-11-25");
  EXPECT_STREQ(session_->server_info()["serverInfo"]["name"].GetString(), "mem");
  EXPECT_FALSE(session_->initialize().has_value());  // once only
  EXPECT_EQ(transport_->sent.size(), 2u);
}

TEST_F(McpSessionTest, AcceptsOlderVersionsTheServerChooses) {
  for (const char* version : {"2025-06-18", "2025-03-26", "2024-11-05"}) {
    auto transport = std::make_unique<MemoryTransport>();
    transport->initialize_result = init_result(version);
    MemoryTransport* raw = transport.get();
    Session session(std::move(transport), SessionOptions{.server_name = "old"});
    EXPECT_FALSE(session.initialize().has_value());
    EXPECT_EQ(session.protocol_version(), version);
    EXPECT_EQ(raw->protocol_version, version);
  }
}

TEST_F(McpSessionTest, RefusesAnUnknownVersionBeforeSendingInitialized) {
  transport_->initialize_result = init_result("1999-01-01");
  const McpFailure error = test::failure_of(session_->initialize());
  EXPECT_EQ(error.kind, ErrorKind::kProtocol);
  EXPECT_EQ(error.message,
            "MCP server 'mem' chose protocol version '1999-01-01', which kosmo does not "
            "support (supported: 2025-11-25, 2025-06-18, 2025-03-26, 2024-11-05).");
  EXPECT_EQ(transport_->sent.size(), 1u);
  EXPECT_FALSE(session_->initialized());
}

TEST_F(McpSessionTest, RefusesAnInitializeResultWithoutVersion) {
  transport_->initialize_result = R"({"capabilities":{}})";
  EXPECT_EQ(test::failure_of(session_->initialize()).kind, ErrorKind::kProtocol);
}

TEST_F(McpSessionTest, ListToolsFollowsCursors) {
  transport_->responder = [](const std::string& method, const rapidjson::Value& params) {
    if (!params.IsObject() || !params.HasMember("cursor")) {
      return std::string(R"({"tools":[{"name":"a"}],"nextCursor":"c1"})");
    }
    if (params["cursor"] == "c1")
      return std::string(R"({"tools":[{"name":"b"}],"nextCursor":"c2"})");
    return std::string(R"({"tools":[{"name":"c"}]})");
  };
  rapidjson::Document tools = session_->list_tools().value();
  ASSERT_EQ(tools.Size(), 3u);
  EXPECT_STREQ(tools[2]["name"].GetString(), "c");
  EXPECT_EQ(transport_->sent[2], R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})");
  EXPECT_EQ(transport_->sent[3],
            R"({"jsonrpc":"2.0","id":3,"method":"tools/list","params":{"cursor":"c1"}})");
}

TEST_F(McpSessionTest, RepeatedCursorEndsTheListing) {
  int calls = 0;
  transport_->responder = [&](const std::string&, const rapidjson::Value&) {
    ++calls;
    return std::string(R"({"tools":[{"name":"t"}],"nextCursor":"same"})");
  };
  EXPECT_EQ(session_->list_tools().value().Size(), 2u);
  EXPECT_EQ(calls, 2);
}

TEST_F(McpSessionTest, EndlessPagingStopsAtThePageCap) {
  int calls = 0;
  transport_->responder = [&](const std::string&, const rapidjson::Value&) {
    ++calls;
    return R"({"tools":[{"name":"t"}],"nextCursor":"c)" + std::to_string(calls) + "\"}";
  };
  EXPECT_EQ(session_->list_tools().value().Size(), 5u);
  EXPECT_EQ(calls, 5);
}

TEST_F(McpSessionTest, CallToolSendsNameAndArguments) {
  transport_->responder = [](const std::string&, const rapidjson::Value&) {
    return std::string(R"({"content":[{"type":"text","text":"ok"}]})");
  };
  rapidjson::Document args;
  args.Parse(R"({"message":"hi"})");
  rapidjson::Document result = session_->call_tool("echo", args).value();
  EXPECT_TRUE(result.HasMember("content"));
  EXPECT_EQ(transport_->sent.back(),
            R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo",)"
            R"("arguments":{"message":"hi"},"_meta":{"progressToken":"kosmo-1"}}})");
  session_->call_tool("echo", rapidjson::Value()).value();
  EXPECT_NE(transport_->sent.back().find(R"("arguments":{})"), std::string::npos);
  rapidjson::Document list;
  list.Parse("[1]");
  EXPECT_EQ(session_->call_tool("echo", list).error().kind, ErrorKind::kUsage);
}

TEST_F(McpSessionTest, RpcErrorsSurfaceWithCode) {
  transport_->responder = [](const std::string&, const rapidjson::Value&) {
    return std::string(R"(!{"code":-32602,"message":"Unknown tool: nope"})");
  };
  const McpFailure error = test::failure_of(session_->call_tool("nope", rapidjson::Value()));
  EXPECT_EQ(error.rpc_code, -32602);
  EXPECT_EQ(error.message, "MCP error -32602: Unknown tool: nope");
}

TEST_F(McpSessionTest, ResourcesAndPromptsNeedTheirCapability) {
  transport_->responder = [](const std::string& method, const rapidjson::Value& params) {
    if (method == "resources/list") return std::string(R"({"resources":[{"uri":"r://1"}]})");
    if (method == "resources/read") {
      return R"({"contents":[{"uri":")" + std::string(params["uri"].GetString()) + "\"}]}";
    }
    return std::string("{}");
  };
  EXPECT_EQ(session_->list_resources().value().Size(), 1u);
  EXPECT_STREQ(session_->read_resource("r://1").value()["contents"][0]["uri"].GetString(), "r://1");
  size_t before = transport_->sent.size();
  EXPECT_EQ(session_->list_prompts().value().Size(),
            0u);  // no "prompts" capability: not even asked
  EXPECT_EQ(transport_->sent.size(), before);
  EXPECT_TRUE(session_->has_capability("tools"));
  EXPECT_FALSE(session_->has_capability("prompts"));
}

TEST_F(McpSessionTest, GetPromptSendsArguments) {
  transport_->initialize_result = init_result("2025-11-25", R"({"prompts":{}})");
  rapidjson::Document args;
  args.Parse(R"({"topic":"x"})");
  session_->get_prompt("summarize", args).value();
  EXPECT_EQ(transport_->sent.back(),
            R"({"jsonrpc":"2.0","id":2,"method":"prompts/get","params":{"name":"summarize",)"
            R"("arguments":{"topic":"x"}}})");
}

// Expires the session on chosen tools/call attempts, as an HTTP server answering 404 would.
class ExpiringTransport : public MemoryTransport {
 public:
  McpOutcome<rapidjson::Document> round_trip(const OutgoingRequest& request,
                                             double timeout_s) override {
    if (request.method == "tools/call" && expire_calls > 0) {
      --expire_calls;
      sent.push_back(request.text);
      return McpFailure{ErrorKind::kSessionExpired,
                        "MCP server 'mem' ended the session (HTTP 404)."};
    }
    return MemoryTransport::round_trip(request, timeout_s);
  }
  int expire_calls = 0;
};

TEST(McpSessionRecoveryTest, ExpiredSessionIsReinitializedOnce) {
  auto transport = std::make_unique<ExpiringTransport>();
  ExpiringTransport* raw = transport.get();
  raw->expire_calls = 1;
  Session session(std::move(transport), SessionOptions{.server_name = "mem"});
  EXPECT_TRUE(session.call_tool("echo", rapidjson::Value()).ok());
  int initializes = 0;
  for (const std::string& text : raw->sent)
    initializes += text.find("\"initialize\"") != std::string::npos;
  EXPECT_EQ(initializes, 2);

  raw->expire_calls = 2;
  const McpFailure error = test::failure_of(session.call_tool("echo", rapidjson::Value()));
  EXPECT_EQ(error.kind, ErrorKind::kSessionExpired);
}

TEST(McpSessionRecoveryTest, DestructionClosesTheTransport) {
  auto transport = std::make_unique<MemoryTransport>();
  MemoryTransport* raw = transport.get();
  {
    Session session(std::move(transport), SessionOptions{.server_name = "mem"});
    session.close();
    EXPECT_EQ(raw->closes, 1);
  }
}

rapidjson::Document json(const char* text) {
  rapidjson::Document document;
  document.Parse(text);
  return document;
}

std::string text_of(const rapidjson::Value& value) { return to_json(value); }

TEST(McpToolResultTest, StructuredContentComesFirst) {
  ToolResult result = normalize_tool_result(
      json(R"({"content":[{"type":"text","text":"{\"a\":0}"}],"structuredContent":{"a":1}})"));
  EXPECT_FALSE(result.is_error);
  EXPECT_EQ(text_of(result.value), R"({"a":1})");
}

TEST(McpToolResultTest, SingleTextBlockParsesAsJsonWhenItCan) {
  EXPECT_EQ(
      text_of(normalize_tool_result(json(R"({"content":[{"type":"text","text":"{\"x\":[1,2]}"}]})"))
                  .value),
      R"({"x":[1,2]})");
  EXPECT_EQ(
      text_of(normalize_tool_result(json(R"({"content":[{"type":"text","text":"42"}]})")).value),
      "42");
  EXPECT_EQ(
      text_of(normalize_tool_result(json(R"({"content":[{"type":"text","text":"hello"}]})")).value),
      R"("hello")");
  EXPECT_EQ(
      text_of(
          normalize_tool_result(json(R"({"content":[{"type":"text","text":"[1, oops"}]})")).value),
      R"("[1, oops")");
}

// A server's text nested past the parse depth limit stays text (a recursive parse of it
// overflowed the stack) and exact numbers stay exact.
TEST(McpToolResultTest, DeeplyNestedTextStaysTextAndNumbersStayExact) {
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  rapidjson::Document raw(rapidjson::kObjectType);
  rapidjson::Value block(rapidjson::kObjectType);
  block.AddMember("type", "text", raw.GetAllocator());
  block.AddMember("text", rapidjson::Value(deep.c_str(), raw.GetAllocator()), raw.GetAllocator());
  rapidjson::Value content(rapidjson::kArrayType);
  content.PushBack(block, raw.GetAllocator());
  raw.AddMember("content", content, raw.GetAllocator());
  ToolResult result = normalize_tool_result(std::move(raw));
  ASSERT_TRUE(result.value.IsString());
  EXPECT_EQ(result.value.GetStringLength(), deep.size());

  const ToolResult number =
      normalize_tool_result(json(R"({"content":[{"type":"text","text":"3729.1494285714284"}]})"));
  EXPECT_EQ(number.value.GetDouble(), 3729.1494285714284);  // RapidJSON's own parse is 1 ulp off
}

TEST(McpToolResultTest, OtherContentIsReturnedAsTheList) {
  EXPECT_EQ(text_of(normalize_tool_result(json(R"({"content":[{"type":"text","text":"a"},
      {"type":"text","text":"b"}]})"))
                        .value),
            R"([{"type":"text","text":"a"},{"type":"text","text":"b"}])");
  EXPECT_EQ(text_of(normalize_tool_result(json(R"({"content":[{"type":"image","data":"AA==",
      "mimeType":"image/png"}]})"))
                        .value),
            R"([{"type":"image","data":"AA==","mimeType":"image/png"}])");
  EXPECT_EQ(text_of(normalize_tool_result(json(R"({"content":[]})")).value), "[]");
}

TEST(McpToolResultTest, WithoutContentTheWholeResultIsReturned) {
  EXPECT_EQ(text_of(normalize_tool_result(json(R"({"value":3})")).value), R"({"value":3})");
  EXPECT_EQ(text_of(normalize_tool_result(json("7")).value), "7");
  EXPECT_EQ(text_of(normalize_tool_result(json(R"({"structuredContent":null,"x":1})")).value),
            R"({"structuredContent":null,"x":1})");
}

TEST(McpToolResultTest, IsErrorCarriesTheTextAndKeepsTheResult) {
  ToolResult result = normalize_tool_result(json(R"({"isError":true,"content":[
      {"type":"text","text":"first "},{"type":"image","data":""},{"type":"text","text":"second\n"}],
      "structuredContent":{"ignored":true}})"));
  EXPECT_TRUE(result.is_error);
  EXPECT_EQ(result.error_text, "first \nsecond");
  // The whole result stays with it, for app.last_error().body.
  EXPECT_TRUE(result.value["structuredContent"]["ignored"].GetBool());
  EXPECT_EQ(result.value["content"].Size(), 3u);
  ToolResult silent = normalize_tool_result(json(R"({"isError":true,"content":[]})"));
  EXPECT_TRUE(silent.is_error);
  EXPECT_EQ(silent.error_text, "MCP tool returned an error.");
  EXPECT_FALSE(normalize_tool_result(json(R"({"isError":false,"content":[]})")).is_error);
}

}  // namespace
}  // namespace kosmo::mcp
