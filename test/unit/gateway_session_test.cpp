// The gateway's protocol, driven in-process: a fake ToolProvider whose calls can be held open,
// so ping, cancellation and progress can be checked while a call runs.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "lib/gateway/mcp_server_session.h"
#include "lib/gateway/tool_result_format.h"

namespace kosmo::gateway {
namespace {

using namespace std::chrono_literals;

class Capture final : public ReplyChannel {
 public:
  void notify(std::string message) override { add(std::move(message)); }
  void respond(std::string message) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++responses_;
      messages_.push_back(std::move(message));
      changed_.notify_all();
    }
    if (on_respond) std::exchange(on_respond, nullptr)();
  }
  // Runs once, on the session's worker, as the first response is delivered: what a client that
  // answers at once would do before the worker finishes with the request.
  std::function<void()> on_respond;
  // Waits until `count` messages arrived; returns them all.
  std::vector<std::string> wait_for(size_t count, std::chrono::milliseconds limit = 5s) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_for(lock, limit, [&] { return messages_.size() >= count; });
    return messages_;
  }
  size_t size() {
    std::lock_guard<std::mutex> lock(mutex_);
    return messages_.size();
  }
  int responses() {
    std::lock_guard<std::mutex> lock(mutex_);
    return responses_;
  }

 private:
  void add(std::string message) {
    std::lock_guard<std::mutex> lock(mutex_);
    messages_.push_back(std::move(message));
    changed_.notify_all();
  }
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> messages_;
  int responses_ = 0;
};

// Tools: fake__echo (returns its arguments), fake__hold (runs until released or cancelled,
// reporting progress), fake__fail (an isError result), fake__bad (a Failure).
struct FakeState {
  std::mutex mutex;
  std::condition_variable changed;
  bool holding = false;
  bool release = false;
  bool saw_cancel = false;
  int calls = 0;
  bool changed_tools = false;
};

class FakeTools final : public ToolProvider {
 public:
  explicit FakeTools(std::shared_ptr<FakeState> state) : state_(std::move(state)) {}
  void list_tools(rapidjson::Value& tools, rapidjson::Document::AllocatorType& a) override {
    for (const char* name : {"fake__hold", "fake__echo"}) {
      rapidjson::Value tool(rapidjson::kObjectType);
      tool.AddMember("name", rapidjson::StringRef(name), a);
      tools.PushBack(tool, a);
    }
  }
  bool owns(std::string_view name) const override { return name.rfind("fake__", 0) == 0; }
  Outcome<rapidjson::Document> call_tool(std::string_view name, const rapidjson::Value& arguments,
                                         const ToolCallControl& control) override {
    {
      std::lock_guard<std::mutex> lock(state_->mutex);
      ++state_->calls;
    }
    if (name == "fake__echo") return success_result(arguments, 50000);
    if (name == "fake__fail") return error_result("vendor said no", "integration_error", 404, 50000);
    if (name == "fake__hold") {
      if (control.progress) control.progress(1, 2, "half");
      std::unique_lock<std::mutex> lock(state_->mutex);
      state_->holding = true;
      state_->changed.notify_all();
      while (!state_->release && !control.is_cancelled()) state_->changed.wait_for(lock, 5ms);
      state_->saw_cancel = control.is_cancelled();
      rapidjson::Value done("done");
      return success_result(done, 50000);
    }
    return Failure{ErrorCode::kIntegration, "broken provider"};
  }
  bool tools_changed() override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    bool changed = state_->changed_tools;
    state_->changed_tools = false;
    return changed;
  }

 private:
  std::shared_ptr<FakeState> state_;
};

class GatewaySession : public ::testing::Test {
 protected:
  void SetUp() override {
    Gateway gateway;
    gateway.tools.push_back(std::make_unique<FakeTools>(state_));
    SessionSettings settings;
    settings.server_version = "test";
    settings.idle_poll_seconds = 0.01;
    settings.on_call = [this](std::string_view tool, std::string_view status, double) {
      std::lock_guard<std::mutex> lock(state_->mutex);
      log_.push_back(std::string(tool) + " " + std::string(status));
    };
    session_ = std::make_unique<McpServerSession>(std::move(gateway), settings, standalone_);
  }

  // Sends `text`; returns the channel its replies go to.
  std::shared_ptr<Capture> send(const std::string& text) {
    auto channel = std::make_shared<Capture>();
    session_->receive(text, channel);
    return channel;
  }
  static rapidjson::Document json(const std::string& text) {
    rapidjson::Document document;
    document.Parse(text.c_str());
    EXPECT_FALSE(document.HasParseError()) << text;
    return document;
  }
  // The single reply to `text`, parsed.
  rapidjson::Document reply(const std::string& text) {
    auto messages = send(text)->wait_for(1);
    EXPECT_EQ(messages.size(), 1u) << text;
    return json(messages.empty() ? "null" : messages.back());
  }
  void wait_holding() {
    std::unique_lock<std::mutex> lock(state_->mutex);
    ASSERT_TRUE(state_->changed.wait_for(lock, 5s, [this] { return state_->holding; }));
  }
  void release() {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->release = true;
    state_->changed.notify_all();
  }

  std::shared_ptr<FakeState> state_ = std::make_shared<FakeState>();
  std::shared_ptr<Capture> standalone_ = std::make_shared<Capture>();
  std::vector<std::string> log_;
  std::unique_ptr<McpServerSession> session_;
};

TEST_F(GatewaySession, InitializeNegotiatesTheVersion) {
  auto result = reply(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})");
  EXPECT_EQ(result["id"].GetInt(), 1);
  EXPECT_STREQ(result["result"]["protocolVersion"].GetString(), "2025-06-18");
  EXPECT_TRUE(result["result"]["capabilities"]["tools"]["listChanged"].GetBool());
  EXPECT_TRUE(result["result"]["capabilities"].HasMember("logging"));
  EXPECT_TRUE(result["result"]["capabilities"].HasMember("resources"));
  EXPECT_TRUE(result["result"]["capabilities"].HasMember("prompts"));
  EXPECT_STREQ(result["result"]["serverInfo"]["name"].GetString(), "kosmo");
  EXPECT_STREQ(result["result"]["serverInfo"]["version"].GetString(), "test");
  result = reply(R"({"jsonrpc":"2.0","id":"a","method":"initialize","params":{"protocolVersion":"1999-01-01"}})");
  EXPECT_STREQ(result["id"].GetString(), "a");
  EXPECT_STREQ(result["result"]["protocolVersion"].GetString(), "2025-11-25");
}

TEST_F(GatewaySession, ListsToolsSortedByName) {
  auto result = reply(R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})");
  const auto& tools = result["result"]["tools"];
  ASSERT_EQ(tools.Size(), 2u);
  EXPECT_STREQ(tools[0]["name"].GetString(), "fake__echo");
  EXPECT_STREQ(tools[1]["name"].GetString(), "fake__hold");
}

TEST_F(GatewaySession, CallReturnsTheProvidersResult) {
  auto result = reply(R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"fake__echo","arguments":{"x":1}}})");
  EXPECT_EQ(result["result"]["structuredContent"]["x"].GetInt(), 1);
  EXPECT_FALSE(result["result"]["isError"].GetBool());
  ASSERT_EQ(log_.size(), 1u);
  EXPECT_EQ(log_[0], "fake__echo ok");
}

TEST_F(GatewaySession, ToolErrorsAreResultsWithALogMessage) {
  auto channel = send(R"({"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"fake__fail"}})");
  auto messages = channel->wait_for(2);
  ASSERT_EQ(messages.size(), 2u);
  auto log = json(messages[0]);
  EXPECT_STREQ(log["method"].GetString(), "notifications/message");
  EXPECT_STREQ(log["params"]["level"].GetString(), "error");
  auto result = json(messages[1]);
  EXPECT_TRUE(result["result"]["isError"].GetBool());
  EXPECT_EQ(result["result"]["structuredContent"]["http_status"].GetInt(), 404);
  EXPECT_EQ(log_.back(), "fake__fail integration_error");
  // Above the level set, no log message.
  EXPECT_EQ(reply(R"({"jsonrpc":"2.0","id":5,"method":"logging/setLevel","params":{"level":"critical"}})")["result"].ObjectEmpty(), true);
  auto quiet = send(R"({"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"fake__fail"}})");
  EXPECT_EQ(quiet->wait_for(1).size(), 1u);
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(quiet->size(), 1u);
}

TEST_F(GatewaySession, ProtocolErrors) {
  EXPECT_EQ(reply("{not json")["error"]["code"].GetInt(), -32700);
  EXPECT_TRUE(reply("{not json")["id"].IsNull());
  EXPECT_EQ(reply(R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])")["error"]["code"].GetInt(), -32600);
  EXPECT_EQ(reply(R"(42)")["error"]["code"].GetInt(), -32600);
  EXPECT_EQ(reply(R"({"jsonrpc":"1.0","id":1,"method":"ping"})")["error"]["code"].GetInt(), -32600);
  EXPECT_EQ(reply(R"({"jsonrpc":"2.0","id":{"a":1},"method":"ping"})")["error"]["code"].GetInt(), -32600);
  EXPECT_EQ(reply(R"({"jsonrpc":"2.0","id":7,"method":"nope/nope"})")["error"]["code"].GetInt(), -32601);
  EXPECT_EQ(reply(R"({"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"other"}})")["error"]["code"].GetInt(), -32602);
  auto unknown = reply(R"({"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"other"}})");
  EXPECT_STREQ(unknown["error"]["message"].GetString(), "Unknown tool: other");
  EXPECT_EQ(reply(R"({"jsonrpc":"2.0","id":9,"method":"tools/call","params":{}})")["error"]["code"].GetInt(), -32602);
  EXPECT_EQ(reply(R"({"jsonrpc":"2.0","id":10,"method":"tools/call","params":{"name":"fake__echo","arguments":[1]}})")["error"]["code"].GetInt(), -32602);
  EXPECT_EQ(reply(R"({"jsonrpc":"2.0","id":11,"method":"tools/call","params":{"name":"fake__bad"}})")["error"]["code"].GetInt(), -32603);
  EXPECT_EQ(reply(R"({"jsonrpc":"2.0","id":12,"method":"logging/setLevel","params":{"level":"loud"}})")["error"]["code"].GetInt(), -32602);
  EXPECT_EQ(reply(R"({"jsonrpc":"2.0","id":13,"method":"ping","params":[1]})")["error"]["code"].GetInt(), -32602);
  // Notifications and the client's responses get no reply.
  for (const char* silent : {R"({"jsonrpc":"2.0","method":"notifications/initialized"})",
                             R"({"jsonrpc":"2.0","method":"unknown/notification"})",
                             R"({"jsonrpc":"2.0","id":99,"result":{}})",
                             R"({"jsonrpc":"2.0","id":98,"error":{"code":1,"message":"x"}})"}) {
    auto channel = send(silent);
    std::this_thread::sleep_for(10ms);
    EXPECT_EQ(channel->size(), 0u) << silent;
  }
}

TEST_F(GatewaySession, PingIsAnsweredWhileACallRuns) {
  auto call = send(R"({"jsonrpc":"2.0","id":"c","method":"tools/call","params":{"name":"fake__hold"}})");
  wait_holding();
  auto pong = reply(R"({"jsonrpc":"2.0","id":"p","method":"ping"})");
  EXPECT_TRUE(pong["result"].IsObject());
  EXPECT_EQ(call->responses(), 0);
  release();
  auto messages = call->wait_for(1);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_STREQ(json(messages[0])["result"]["structuredContent"]["value"].GetString(), "done");
}

TEST_F(GatewaySession, ProgressGoesToTheCallsChannel) {
  auto call = send(R"({"jsonrpc":"2.0","id":20,"method":"tools/call","params":{"name":"fake__hold","_meta":{"progressToken":"tok"}}})");
  wait_holding();
  release();
  auto messages = call->wait_for(2);
  ASSERT_EQ(messages.size(), 2u);
  auto progress = json(messages[0]);
  EXPECT_STREQ(progress["method"].GetString(), "notifications/progress");
  EXPECT_STREQ(progress["params"]["progressToken"].GetString(), "tok");
  EXPECT_EQ(progress["params"]["progress"].GetDouble(), 1);
  EXPECT_EQ(progress["params"]["total"].GetDouble(), 2);
  EXPECT_STREQ(progress["params"]["message"].GetString(), "half");
  EXPECT_EQ(json(messages[1])["id"].GetInt(), 20);
}

TEST_F(GatewaySession, CancelledCallGetsNoResponseAndQueuedOneNeverRuns) {
  auto running = send(R"({"jsonrpc":"2.0","id":30,"method":"tools/call","params":{"name":"fake__hold"}})");
  wait_holding();
  auto queued = send(R"({"jsonrpc":"2.0","id":31,"method":"tools/call","params":{"name":"fake__echo"}})");
  send(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":31}})");
  send(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":30,"reason":"user"}})");
  // The worker is free again: a later call is answered.
  auto after = reply(R"({"jsonrpc":"2.0","id":32,"method":"tools/call","params":{"name":"fake__echo"}})");
  EXPECT_EQ(after["id"].GetInt(), 32);
  EXPECT_EQ(running->size(), 0u);
  EXPECT_EQ(queued->size(), 0u);
  std::lock_guard<std::mutex> lock(state_->mutex);
  EXPECT_TRUE(state_->saw_cancel);
  EXPECT_EQ(state_->calls, 2);  // hold and the last echo; the cancelled echo never ran
}

TEST_F(GatewaySession, DuplicateInFlightIdIsRefused) {
  auto first = send(R"({"jsonrpc":"2.0","id":40,"method":"tools/call","params":{"name":"fake__hold"}})");
  wait_holding();
  auto second = reply(R"({"jsonrpc":"2.0","id":40,"method":"tools/call","params":{"name":"fake__echo"}})");
  EXPECT_EQ(second["error"]["code"].GetInt(), -32600);
  release();
  EXPECT_EQ(first->wait_for(1).size(), 1u);
}

TEST_F(GatewaySession, AnAnsweredIdCanBeReusedAtOnce) {
  const std::string unknown_tool =
      R"({"jsonrpc":"2.0","id":41,"method":"tools/call","params":{"name":"other"}})";
  auto first = std::make_shared<Capture>();
  auto again = std::make_shared<Capture>();
  first->on_respond = [&] { session_->receive(unknown_tool, again); };
  session_->receive(unknown_tool, first);
  auto messages = again->wait_for(1);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_STREQ(json(messages[0])["error"]["message"].GetString(), "Unknown tool: other");
}

TEST_F(GatewaySession, AReusedIdStaysInFlightAfterTheFirstRequestsCleanUp) {
  auto first = std::make_shared<Capture>();
  auto holding = std::make_shared<Capture>();
  first->on_respond = [&] {
    session_->receive(
        R"({"jsonrpc":"2.0","id":42,"method":"tools/call","params":{"name":"fake__hold"}})",
        holding);
  };
  session_->receive(
      R"({"jsonrpc":"2.0","id":42,"method":"tools/call","params":{"name":"fake__echo"}})", first);
  wait_holding();  // the worker finished with the echo before it took the hold
  auto duplicate = reply(R"({"jsonrpc":"2.0","id":42,"method":"tools/list"})");
  EXPECT_EQ(duplicate["error"]["code"].GetInt(), -32600);
  release();
  EXPECT_EQ(holding->wait_for(1).size(), 1u);
}

TEST_F(GatewaySession, CloseCancelsTheRunningCallAndAnswersNothingMore) {
  auto running = send(R"({"jsonrpc":"2.0","id":50,"method":"tools/call","params":{"name":"fake__hold"}})");
  wait_holding();
  session_->close();
  EXPECT_EQ(running->size(), 0u);
  auto late = send(R"({"jsonrpc":"2.0","id":51,"method":"ping"})");
  EXPECT_EQ(late->size(), 0u);
  std::lock_guard<std::mutex> lock(state_->mutex);
  EXPECT_TRUE(state_->saw_cancel);
}

TEST_F(GatewaySession, ToolsChangedIsSentOnTheStandaloneChannel) {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->changed_tools = true;
  }
  auto messages = standalone_->wait_for(1);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_STREQ(json(messages[0])["method"].GetString(), "notifications/tools/list_changed");
}

TEST_F(GatewaySession, ResourcesAndPromptsWithoutContentAreEmpty) {
  EXPECT_EQ(reply(R"({"jsonrpc":"2.0","id":60,"method":"resources/list"})")["result"]["resources"].Size(), 0u);
  EXPECT_EQ(reply(R"({"jsonrpc":"2.0","id":61,"method":"prompts/list"})")["result"]["prompts"].Size(), 0u);
  EXPECT_EQ(reply(R"({"jsonrpc":"2.0","id":62,"method":"resources/templates/list"})")["result"]["resourceTemplates"].Size(), 0u);
  EXPECT_EQ(reply(R"({"jsonrpc":"2.0","id":63,"method":"resources/read","params":{"uri":"kosmo://mcp/x/eA"}})")["error"]["code"].GetInt(), -32602);
  EXPECT_EQ(reply(R"({"jsonrpc":"2.0","id":64,"method":"prompts/get","params":{"name":"mcp__x__y"}})")["error"]["code"].GetInt(), -32602);
}

TEST(GatewayProtocolVersion, AcceptsWhatKosmosClientAccepts) {
  EXPECT_EQ(negotiate_protocol_version("2024-11-05"), "2024-11-05");
  EXPECT_EQ(negotiate_protocol_version("2025-03-26"), "2025-03-26");
  EXPECT_EQ(negotiate_protocol_version("2025-11-25"), "2025-11-25");
  EXPECT_EQ(negotiate_protocol_version("2026-01-01"), "2025-11-25");
  EXPECT_EQ(negotiate_protocol_version(""), "2025-11-25");
}

}  // namespace
}  // namespace kosmo::gateway
