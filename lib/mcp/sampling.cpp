#include "lib/mcp/sampling.h"

#include <algorithm>
#include <array>

#include "lib/common/json_text.h"

namespace kosmo::mcp {
namespace {

using Allocator = rapidjson::Document::AllocatorType;
using json::string_member;
using json::text;

Failure malformed(std::string_view what) {
  return Failure{ErrorCode::kUsage, "Invalid sampling request: " + std::string(what)};
}

const rapidjson::Value* member(const rapidjson::Value& object, const char* key) {
  const auto found = object.FindMember(key);
  return found == object.MemberEnd() || found->value.IsNull() ? nullptr : &found->value;
}

// One MCP content block as an Anthropic content block.
Outcome<rapidjson::Value> content_block(const rapidjson::Value& block, Allocator& allocator) {
  if (!block.IsObject()) return malformed("a content block is not an object");
  const std::string type = string_member(block, "type");
  rapidjson::Value converted(rapidjson::kObjectType);
  if (type == "text") {
    const rapidjson::Value* words = member(block, "text");
    if (words == nullptr || !words->IsString()) return malformed("a text block has no text");
    converted.AddMember("type", "text", allocator);
    converted.AddMember("text", rapidjson::Value(*words, allocator), allocator);
    return converted;
  }
  if (type == "image") {
    const std::string data = string_member(block, "data");
    const std::string media_type = string_member(block, "mimeType");
    if (data.empty() || media_type.empty()) {
      return malformed("an image block needs data and mimeType");
    }
    rapidjson::Value source(rapidjson::kObjectType);
    source.AddMember("type", "base64", allocator);
    source.AddMember("media_type", text(media_type, allocator), allocator);
    source.AddMember("data", text(data, allocator), allocator);
    converted.AddMember("type", "image", allocator);
    converted.AddMember("source", source, allocator);
    return converted;
  }
  return malformed("\"" + type +
                   "\" content cannot be sampled (text and image can; kosmo declares no "
                   "sampling tools)");
}

// A SamplingMessage (content: one block or, since 2025-11-25, a list) as an Anthropic message.
Outcome<rapidjson::Value> message(const rapidjson::Value& given, Allocator& allocator) {
  if (!given.IsObject()) return malformed("a message is not an object");
  const std::string role = string_member(given, "role");
  if (role != "user" && role != "assistant") {
    return malformed("a message's role must be \"user\" or \"assistant\"");
  }
  const rapidjson::Value* content = member(given, "content");
  if (content == nullptr) return malformed("a message has no content");
  rapidjson::Value blocks(rapidjson::kArrayType);
  if (content->IsArray()) {
    for (const rapidjson::Value& block : content->GetArray()) {
      auto converted = content_block(block, allocator);
      if (!converted) return std::move(converted).error();
      blocks.PushBack(*converted, allocator);
    }
  } else {
    auto converted = content_block(*content, allocator);
    if (!converted) return std::move(converted).error();
    blocks.PushBack(*converted, allocator);
  }
  if (blocks.Empty()) return malformed("a message has no content");
  rapidjson::Value converted(rapidjson::kObjectType);
  converted.AddMember("role", text(role, allocator), allocator);
  converted.AddMember("content", blocks, allocator);
  return converted;
}

// The entry's model; else the first of the server's hints that names a Claude model (hints are
// advisory, and only Claude models can be asked of Anthropic); else the default.
std::string chosen_model(const rapidjson::Value& params, const SamplingSettings& settings) {
  if (!settings.model.empty()) return settings.model;
  const rapidjson::Value* preferences = member(params, "modelPreferences");
  const rapidjson::Value* hints =
      preferences != nullptr && preferences->IsObject() ? member(*preferences, "hints") : nullptr;
  if (hints != nullptr && hints->IsArray()) {
    for (const rapidjson::Value& hint : hints->GetArray()) {
      const std::string name = string_member(hint, "name");
      if (name.rfind("claude-", 0) == 0) return name;
    }
  }
  return std::string(kDefaultSamplingModel);
}

std::string mcp_stop_reason(std::string_view anthropic) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kNames = {{
      {"end_turn", "endTurn"},
      {"stop_sequence", "stopSequence"},
      {"max_tokens", "maxTokens"},
  }};
  for (const auto& [theirs, ours] : kNames) {
    if (theirs == anthropic) return std::string(ours);
  }
  return std::string(anthropic);
}

}  // namespace

Outcome<rapidjson::Document> anthropic_arguments(const rapidjson::Value& params,
                                                 const SamplingSettings& settings) {
  if (!params.IsObject()) return malformed("params must be an object");
  rapidjson::Document arguments(rapidjson::kObjectType);
  Allocator& allocator = arguments.GetAllocator();

  const rapidjson::Value* given_messages = member(params, "messages");
  if (given_messages == nullptr || !given_messages->IsArray() || given_messages->Empty()) {
    return malformed("messages must be a non-empty list");
  }
  rapidjson::Value messages(rapidjson::kArrayType);
  for (const rapidjson::Value& given : given_messages->GetArray()) {
    auto converted = message(given, allocator);
    if (!converted) return std::move(converted).error();
    messages.PushBack(*converted, allocator);
  }

  const rapidjson::Value* max_tokens = member(params, "maxTokens");
  if (max_tokens == nullptr || !max_tokens->IsInt64() || max_tokens->GetInt64() < 1) {
    return malformed("maxTokens must be a positive integer");
  }
  int64_t tokens = max_tokens->GetInt64();
  if (settings.max_tokens_cap) tokens = std::min<int64_t>(tokens, *settings.max_tokens_cap);

  arguments.AddMember("model", text(chosen_model(params, settings), allocator), allocator);
  arguments.AddMember("messages", messages, allocator);
  arguments.AddMember("max_tokens", tokens, allocator);
  if (const rapidjson::Value* system = member(params, "systemPrompt")) {
    if (!system->IsString()) return malformed("systemPrompt must be a string");
    if (system->GetStringLength() > 0) {
      arguments.AddMember("system", rapidjson::Value(*system, allocator), allocator);
    }
  }
  if (const rapidjson::Value* temperature = member(params, "temperature")) {
    if (!temperature->IsNumber()) return malformed("temperature must be a number");
    arguments.AddMember("temperature", rapidjson::Value(*temperature, allocator), allocator);
  }
  if (const rapidjson::Value* stops = member(params, "stopSequences")) {
    if (!stops->IsArray() ||
        !std::all_of(stops->Begin(), stops->End(),
                     [](const rapidjson::Value& stop) { return stop.IsString(); })) {
      return malformed("stopSequences must be a list of strings");
    }
    if (!stops->Empty()) {
      arguments.AddMember("stop_sequences", rapidjson::Value(*stops, allocator), allocator);
    }
  }
  return arguments;
}

Outcome<rapidjson::Document> sampling_result(const rapidjson::Value& answer) {
  const rapidjson::Value* content = answer.IsObject() ? member(answer, "content") : nullptr;
  std::string words;
  bool any_text = false;
  if (content != nullptr && content->IsArray()) {
    for (const rapidjson::Value& block : content->GetArray()) {
      if (string_member(block, "type") != "text") continue;
      words += string_member(block, "text");
      any_text = true;
    }
  }
  if (!any_text) {
    return Failure{ErrorCode::kIntegration,
                   "Anthropic's answer to the sampling request held no text"};
  }
  rapidjson::Document result(rapidjson::kObjectType);
  Allocator& allocator = result.GetAllocator();
  rapidjson::Value block(rapidjson::kObjectType);
  block.AddMember("type", "text", allocator);
  block.AddMember("text", text(words, allocator), allocator);
  result.AddMember("role", "assistant", allocator);
  result.AddMember("content", block, allocator);
  result.AddMember("model", text(string_member(answer, "model"), allocator), allocator);
  if (const std::string reason = string_member(answer, "stop_reason"); !reason.empty()) {
    result.AddMember("stopReason", text(mcp_stop_reason(reason), allocator), allocator);
  }
  return result;
}

}  // namespace kosmo::mcp
