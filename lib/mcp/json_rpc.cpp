#include "lib/mcp/json_rpc.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "lib/common/json_parse.h"
#include "lib/common/json_text.h"
#include "lib/mcp/errors.h"

namespace kosmo::mcp {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void start_message(Writer& writer) {
  writer.StartObject();
  writer.Key("jsonrpc");
  writer.String("2.0");
}

void write_method(Writer& writer, std::string_view method, const rapidjson::Value* params) {
  writer.Key("method");
  writer.String(method.data(), static_cast<rapidjson::SizeType>(method.size()));
  if (params != nullptr && !params->IsNull()) {
    writer.Key("params");
    params->Accept(writer);
  }
}

std::string finish(Writer& writer, rapidjson::StringBuffer& buffer) {
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

std::string to_json(const rapidjson::Value& value) { return json::compact_text(value); }

std::string request_message(int64_t id, std::string_view method, const rapidjson::Value* params) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  start_message(writer);
  writer.Key("id");
  writer.Int64(id);
  write_method(writer, method, params);
  return finish(writer, buffer);
}

std::string notification_message(std::string_view method, const rapidjson::Value* params) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  start_message(writer);
  write_method(writer, method, params);
  return finish(writer, buffer);
}

std::string result_message(const rapidjson::Value& id, const rapidjson::Value& result) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  start_message(writer);
  writer.Key("id");
  id.Accept(writer);
  writer.Key("result");
  result.Accept(writer);
  return finish(writer, buffer);
}

std::string error_message(const rapidjson::Value& id, int code, std::string_view message) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  start_message(writer);
  writer.Key("id");
  id.Accept(writer);
  writer.Key("error");
  writer.StartObject();
  writer.Key("code");
  writer.Int(code);
  writer.Key("message");
  writer.String(message.data(), static_cast<rapidjson::SizeType>(message.size()));
  writer.EndObject();
  return finish(writer, buffer);
}

MessageKind classify(const rapidjson::Value& message) {
  if (!message.IsObject()) return MessageKind::kInvalid;
  auto method = message.FindMember("method");
  bool has_id = message.HasMember("id") && !message["id"].IsNull();
  if (method != message.MemberEnd()) {
    if (!method->value.IsString()) return MessageKind::kInvalid;
    return has_id ? MessageKind::kRequest : MessageKind::kNotification;
  }
  if (message.HasMember("result") || message.HasMember("error")) return MessageKind::kResponse;
  return MessageKind::kInvalid;
}

std::string_view Message::method() const {
  if (kind != MessageKind::kRequest && kind != MessageKind::kNotification) return {};
  const rapidjson::Value& value = document["method"];
  return {value.GetString(), value.GetStringLength()};
}

bool Message::responds_to(int64_t id) const {
  if (kind != MessageKind::kResponse) return false;
  auto it = document.FindMember("id");
  return it != document.MemberEnd() && it->value.IsInt64() && it->value.GetInt64() == id;
}

Message parse_message(std::string_view text) {
  Message message;
  // parse_json: a server's line can be 64 MiB of '[' (refused, the document left null so that
  // nothing walks it), and its numbers must reach scripts exactly.
  if (parse_json(text, message.document).IsError()) return message;
  message.kind = classify(message.document);
  return message;
}

rapidjson::Document take_value(rapidjson::Document&& owner, rapidjson::Value& part) {
  rapidjson::Value extracted;
  extracted.Swap(part);
  // The old root (now holding a null where `part` was) swaps out and is dropped; a pool
  // allocator frees nothing per value, so this is safe and costs nothing.
  static_cast<rapidjson::Value&>(owner).Swap(extracted);
  return std::move(owner);
}

McpOutcome<rapidjson::Document> take_result(rapidjson::Document&& response) {
  if (auto error = response.FindMember("error"); error != response.MemberEnd()) {
    const rapidjson::Value& object = error->value;
    int code = rpc_code::kInternalError;
    std::string text = "MCP request failed.";
    std::string data;
    if (object.IsObject()) {
      if (auto it = object.FindMember("code"); it != object.MemberEnd() && it->value.IsInt()) {
        code = it->value.GetInt();
      }
      if (auto it = object.FindMember("message");
          it != object.MemberEnd() && it->value.IsString()) {
        text.assign(it->value.GetString(), it->value.GetStringLength());
      }
      if (auto it = object.FindMember("data"); it != object.MemberEnd()) data = to_json(it->value);
    }
    return rpc_failure(code, text, data);
  }
  auto result = response.FindMember("result");
  if (result == response.MemberEnd()) {
    return rapidjson::Document(rapidjson::kObjectType);
  }
  return take_value(std::move(response), result->value);
}

}  // namespace kosmo::mcp
