#include "lib/gateway/tool_result_format.h"

#include "lib/common/json_text.h"
#include "lib/common/utf8.h"

namespace kosmo::gateway {
namespace {

constexpr std::string_view kNotice = "\n\n[truncated by the kosmo MCP gateway]";

// Byte offset after the first `count` code points of `text` (its size when it has fewer).
size_t offset_after_chars(std::string_view text, size_t count) {
  size_t offset = 0;
  for (size_t chars = 0; chars < count && offset < text.size(); ++chars) {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data()) + offset;
    offset += utf8_sequence_at(p, text.size() - offset).length;
  }
  return offset;
}

}  // namespace

std::string truncate_for_client(std::string_view text, size_t max_chars) {
  const size_t whole = offset_after_chars(text, max_chars);
  if (whole == text.size()) return std::string(text);
  const size_t kept = max_chars > kNotice.size() ? max_chars - kNotice.size() : 0;
  std::string cut(text.substr(0, offset_after_chars(text, kept)));
  cut += kNotice;
  return cut;
}

void add_text_content(rapidjson::Document& result, std::string_view text, size_t max_chars) {
  auto& allocator = result.GetAllocator();
  const std::string cut = truncate_for_client(text, max_chars);
  rapidjson::Value block(rapidjson::kObjectType);
  block.AddMember("type", "text", allocator);
  block.AddMember("text", rapidjson::Value(cut.data(), cut.size(), allocator), allocator);
  rapidjson::Value content(rapidjson::kArrayType);
  content.PushBack(block, allocator);
  result.AddMember("content", content, allocator);
}

rapidjson::Document success_result(const rapidjson::Value& data, size_t max_chars) {
  rapidjson::Document result(rapidjson::kObjectType);
  auto& allocator = result.GetAllocator();
  std::string text = data.IsString() ? std::string(data.GetString(), data.GetStringLength())
                                     : json::pretty_text(data);
  add_text_content(result, text, max_chars);
  rapidjson::Value structured;
  if (data.IsObject()) {
    structured.CopyFrom(data, allocator);
  } else {
    structured.SetObject();
    structured.AddMember("value", rapidjson::Value(data, allocator), allocator);
  }
  result.AddMember("structuredContent", structured, allocator);
  result.AddMember("isError", false, allocator);
  return result;
}

rapidjson::Document error_result(std::string_view message, std::string_view error_code,
                                 std::optional<int> http_status, size_t max_chars) {
  rapidjson::Document result(rapidjson::kObjectType);
  auto& allocator = result.GetAllocator();
  add_text_content(result, message, max_chars);
  rapidjson::Value structured(rapidjson::kObjectType);
  structured.AddMember("error", rapidjson::Value(message.data(), message.size(), allocator),
                       allocator);
  structured.AddMember("error_code",
                       rapidjson::Value(error_code.data(), error_code.size(), allocator),
                       allocator);
  rapidjson::Value status;
  if (http_status) status.SetInt(*http_status);
  structured.AddMember("http_status", status, allocator);
  result.AddMember("structuredContent", structured, allocator);
  result.AddMember("isError", true, allocator);
  return result;
}

}  // namespace kosmo::gateway
