#pragma once
// JSON-RPC 2.0 as MCP uses it: building the messages kosmo sends, classifying what arrives, and
// turning a response into a result or an RpcError. Framing (lines, SSE) lives in line_reader.h
// and sse_parser.h.
//
// Outgoing messages are compact JSON with slashes and non-ASCII text unescaped, and never contain
// a raw newline (RapidJSON escapes control characters in strings), so each is one stdio line.
#include <rapidjson/document.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "lib/mcp/errors.h"

namespace kosmo::mcp {

namespace rpc_code {
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
}  // namespace rpc_code

// Compact JSON text of any value.
std::string to_json(const rapidjson::Value& value);

// `params` is left out when null, as servers may reject `"params": null`.
std::string request_message(int64_t id, std::string_view method,
                            const rapidjson::Value* params = nullptr);
std::string notification_message(std::string_view method, const rapidjson::Value* params = nullptr);
// Replies to a request the server sent (`ping` → result {}, anything else → an error).
std::string result_message(const rapidjson::Value& id, const rapidjson::Value& result);
std::string error_message(const rapidjson::Value& id, int code, std::string_view message);

enum class MessageKind {
  kRequest,       // method and id: the server asks us something (ping, sampling, ...)
  kNotification,  // method, no id
  kResponse,      // id and result or error, no method
  kInvalid,       // not JSON (or too deep, json_parse.h), not an object, or none of the above
};

struct Message {
  MessageKind kind = MessageKind::kInvalid;
  rapidjson::Document document;

  std::string_view method() const;  // "" unless a request or notification
  // Whether this is the response to our request `id`. Ids are compared as integers: kosmo only
  // sends integer ids, and a string "1" is not our 1.
  bool responds_to(int64_t id) const;
};

Message parse_message(std::string_view text);
MessageKind classify(const rapidjson::Value& message);

// `part`, a value inside `owner`, as a document of its own, in O(1): its memory already belongs to
// owner's allocator, which the returned document takes over. `owner` is consumed.
rapidjson::Document take_value(rapidjson::Document&& owner, rapidjson::Value& part);

// The `result` of a response, moved out without copying (results can be megabytes). A missing
// result is {}. An `error` member is a kRpc failure with its code, message and data.
McpOutcome<rapidjson::Document> take_result(rapidjson::Document&& response);

}  // namespace kosmo::mcp
