// MCP sampling requests into Anthropic Messages arguments, and Anthropic's answers back
// (lib/mcp/sampling.h).
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>

#include "lib/common/json_parse.h"
#include "lib/mcp/json_rpc.h"
#include "lib/mcp/sampling.h"

namespace kosmo::mcp {
namespace {

rapidjson::Document Json(const std::string& text) {
  rapidjson::Document document;
  EXPECT_FALSE(parse_json(text, document).IsError()) << text;
  return document;
}

// The arguments as compact JSON, or "error: <message>".
std::string Arguments(const std::string& params, const SamplingSettings& settings = {}) {
  auto arguments = anthropic_arguments(Json(params), settings);
  if (!arguments) return "error: " + arguments.error().message;
  return to_json(*arguments);
}

std::string Result(const std::string& answer) {
  auto result = sampling_result(Json(answer));
  if (!result) return "error: " + result.error().message;
  return to_json(*result);
}

constexpr const char* kHello = R"({"role":"user","content":{"type":"text","text":"Hello"}})";

TEST(McpSamplingTest, TranslatesEveryFieldAnthropicTakes) {
  EXPECT_EQ(
      Arguments(std::string(R"({"messages":[)") + kHello +
                R"(,{"role":"assistant","content":[{"type":"text","text":"Hi"}]}],)"
                R"("systemPrompt":"Be terse.","maxTokens":100,"temperature":0.2,)"
                R"("stopSequences":["END"],"includeContext":"thisServer","metadata":{"k":1}})"),
      R"({"model":"claude-sonnet-4-5","messages":[)"
      R"({"role":"user","content":[{"type":"text","text":"Hello"}]},)"
      R"({"role":"assistant","content":[{"type":"text","text":"Hi"}]}],)"
      R"("max_tokens":100,"system":"Be terse.","temperature":0.2,"stop_sequences":["END"]})");
}

TEST(McpSamplingTest, ImagesBecomeBase64Sources) {
  EXPECT_EQ(Arguments(R"({"maxTokens":5,"messages":[{"role":"user","content":[)"
                      R"({"type":"image","data":"iVBORw0K","mimeType":"image/png"},)"
                      R"({"type":"text","text":"What is it?"}]}]})"),
            R"({"model":"claude-sonnet-4-5","messages":[{"role":"user","content":[)"
            R"({"type":"image","source":{"type":"base64","media_type":"image/png",)"
            R"("data":"iVBORw0K"}},{"type":"text","text":"What is it?"}]}],"max_tokens":5})");
}

TEST(McpSamplingTest, TheModelIsTheEntrysElseTheFirstClaudeHintElseTheDefault) {
  const std::string hinted = std::string(R"({"maxTokens":5,"messages":[)") + kHello +
                             R"(],"modelPreferences":{"hints":[{"name":"sonnet"},)"
                             R"({"name":"gpt-4o"},{"name":"claude-haiku-4-5"}]}})";
  EXPECT_NE(Arguments(hinted).find(R"("model":"claude-haiku-4-5")"), std::string::npos);
  SamplingSettings pinned;
  pinned.model = "claude-opus-4-1";
  EXPECT_NE(Arguments(hinted, pinned).find(R"("model":"claude-opus-4-1")"), std::string::npos);
  const std::string no_claude = std::string(R"({"maxTokens":5,"messages":[)") + kHello +
                                R"(],"modelPreferences":{"hints":[{"name":"sonnet"}]}})";
  EXPECT_NE(Arguments(no_claude).find(R"("model":"claude-sonnet-4-5")"), std::string::npos);
}

TEST(McpSamplingTest, TheEntryCapsMaxTokens) {
  SamplingSettings capped;
  capped.max_tokens_cap = 50;
  const std::string asks = [](int tokens) {
    return std::string(R"({"messages":[)") + kHello + R"(],"maxTokens":)" + std::to_string(tokens) +
           "}";
  }(500);
  EXPECT_NE(Arguments(asks, capped).find(R"("max_tokens":50)"), std::string::npos);
  EXPECT_NE(Arguments(asks).find(R"("max_tokens":500)"), std::string::npos);
}

TEST(McpSamplingTest, MalformedRequestsAreRefusedAsInvalidParams) {
  const std::string hello = kHello;
  const std::pair<std::string, std::string> cases[] = {
      {"[]", "params must be an object"},
      {R"({"maxTokens":5})", "messages must be a non-empty list"},
      {R"({"maxTokens":5,"messages":[]})", "messages must be a non-empty list"},
      {R"({"messages":[)" + hello + "]}", "maxTokens must be a positive integer"},
      {R"({"maxTokens":0,"messages":[)" + hello + "]}", "maxTokens must be a positive integer"},
      {R"({"maxTokens":5,"messages":[{"role":"system","content":{"type":"text","text":"x"}}]})",
       "a message's role must be \"user\" or \"assistant\""},
      {R"({"maxTokens":5,"messages":[{"role":"user"}]})", "a message has no content"},
      {R"({"maxTokens":5,"messages":[{"role":"user","content":[]}]})", "a message has no content"},
      {R"({"maxTokens":5,"messages":[{"role":"user","content":{"type":"text"}}]})",
       "a text block has no text"},
      {R"({"maxTokens":5,"messages":[{"role":"user","content":{"type":"image","data":"x"}}]})",
       "an image block needs data and mimeType"},
      {R"({"maxTokens":5,"messages":[{"role":"user","content":{"type":"audio","data":"x",)"
       R"("mimeType":"audio/wav"}}]})",
       "\"audio\" content cannot be sampled (text and image can; kosmo declares no sampling "
       "tools)"},
      {R"({"maxTokens":5,"systemPrompt":7,"messages":[)" + hello + "]}",
       "systemPrompt must be a string"},
      {R"({"maxTokens":5,"stopSequences":[1],"messages":[)" + hello + "]}",
       "stopSequences must be a list of strings"},
      {R"({"maxTokens":5,"temperature":"hot","messages":[)" + hello + "]}",
       "temperature must be a number"},
  };
  for (const auto& [params, problem] : cases) {
    EXPECT_EQ(Arguments(params), "error: Invalid sampling request: " + problem) << params;
    auto failed = anthropic_arguments(Json(params), {});
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().code, ErrorCode::kUsage);
  }
}

TEST(McpSamplingTest, AnthropicsAnswerBecomesACreateMessageResult) {
  EXPECT_EQ(Result(R"({"id":"msg_1","model":"claude-haiku-4-5","role":"assistant",)"
                   R"("content":[{"type":"thinking","thinking":"hm"},{"type":"text","text":"Mon"},)"
                   R"({"type":"text","text":"day"}],"stop_reason":"end_turn"})"),
            R"({"role":"assistant","content":{"type":"text","text":"Monday"},)"
            R"("model":"claude-haiku-4-5","stopReason":"endTurn"})");
  for (const auto& [theirs, ours] :
       {std::pair<const char*, const char*>{"stop_sequence", "stopSequence"},
        {"max_tokens", "maxTokens"},
        {"refusal", "refusal"}}) {
    const std::string answer =
        std::string(R"({"model":"m","content":[{"type":"text","text":"x"}],)") +
        R"("stop_reason":")" + theirs + R"("})";
    EXPECT_NE(Result(answer).find(std::string(R"("stopReason":")") + ours + "\""),
              std::string::npos)
        << theirs;
  }
}

TEST(McpSamplingTest, AnAnswerWithoutTextFails) {
  EXPECT_EQ(
      Result(R"({"model":"m","content":[{"type":"tool_use","id":"t","name":"x","input":{}}]})"),
      "error: Anthropic's answer to the sampling request held no text");
  EXPECT_EQ(Result("{}"), "error: Anthropic's answer to the sampling request held no text");
}

}  // namespace
}  // namespace kosmo::mcp
