#include "lib/mcp/tool_result.h"

#include "lib/common/json_parse.h"
#include "lib/mcp/json_rpc.h"

namespace kosmo::mcp {
namespace {

constexpr const char* kDefaultErrorText = "MCP tool returned an error.";

bool is_text_block(const rapidjson::Value& block) {
  return block.IsObject() && block.HasMember("type") && block["type"] == "text" &&
         block.HasMember("text") && block["text"].IsString();
}

std::string error_text(const rapidjson::Value& result) {
  std::string text;
  auto content = result.FindMember("content");
  if (content != result.MemberEnd() && content->value.IsArray()) {
    for (const auto& block : content->value.GetArray()) {
      if (!is_text_block(block)) continue;
      if (!text.empty()) text += "\n";
      text.append(block["text"].GetString(), block["text"].GetStringLength());
    }
  }
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return kDefaultErrorText;
  size_t last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

// The block's text as its JSON value, else the string itself, as a document that takes over
// `result`'s memory: the parsed value goes into result's own pool rather than a document of its
// own (a 64 KiB heap chunk per call, given back at once; see session.cpp).
rapidjson::Document text_or_json(rapidjson::Document&& result, rapidjson::Value& block) {
  rapidjson::Value& text = block["text"];
  rapidjson::Document parsed(&result.GetAllocator());
  // parse_json: the server's text, of any depth, without recursion and with exact numbers.
  if (!parse_json({text.GetString(), text.GetStringLength()}, parsed).IsError()) {
    text.Swap(parsed);
  }
  return take_value(std::move(result), text);
}

}  // namespace

ToolResult normalize_tool_result(rapidjson::Document&& result) {
  ToolResult outcome;
  if (!result.IsObject()) {
    outcome.value = std::move(result);
    return outcome;
  }
  if (auto flag = result.FindMember("isError");
      flag != result.MemberEnd() && flag->value.IsTrue()) {
    outcome.is_error = true;
    outcome.error_text = error_text(result);
    outcome.value = std::move(result);
    return outcome;
  }
  if (auto structured = result.FindMember("structuredContent");
      structured != result.MemberEnd() && !structured->value.IsNull()) {
    outcome.value = take_value(std::move(result), structured->value);
    return outcome;
  }
  auto content = result.FindMember("content");
  if (content == result.MemberEnd() || !content->value.IsArray()) {
    outcome.value = std::move(result);
    return outcome;
  }
  if (content->value.Size() == 1 && is_text_block(content->value[0])) {
    outcome.value = text_or_json(std::move(result), content->value[0]);
    return outcome;
  }
  outcome.value = take_value(std::move(result), content->value);
  return outcome;
}

}  // namespace kosmo::mcp
