#include "lib/mcp/server_messages.h"

#include <spdlog/spdlog.h>

#include <cstdio>

namespace kosmo::mcp {

ServerRequestReply reply_to_server_request(const Message& request,
                                           const ClientCapabilities* client) {
  const rapidjson::Value& id = request.document["id"];
  const auto params = request.document.FindMember("params");
  std::optional<Outcome<rapidjson::Document>> answer;
  if (client != nullptr) {
    answer = answer_server_request(
        request.method(), params != request.document.MemberEnd() ? &params->value : nullptr,
        *client);
  } else if (request.method() == "ping") {
    answer.emplace(rapidjson::Document(rapidjson::kObjectType));
  }
  if (!answer) {
    return {error_message(id, rpc_code::kMethodNotFound,
                          "Method not found: " + std::string(request.method())),
            false};
  }
  if (!*answer) {
    const Failure& failure = answer->error();
    return {error_message(id, server_request_error_code(failure.code), failure.message), true};
  }
  return {result_message(id, **answer), true};
}

bool reports_progress(const Message& message, std::string_view token) {
  if (token.empty() || message.kind != MessageKind::kNotification ||
      message.method() != "notifications/progress") {
    return false;
  }
  const auto params = message.document.FindMember("params");
  if (params == message.document.MemberEnd() || !params->value.IsObject()) return false;
  const auto given = params->value.FindMember("progressToken");
  return given != params->value.MemberEnd() && given->value.IsString() &&
         std::string_view(given->value.GetString(), given->value.GetStringLength()) == token;
}

void log_progress(const std::string& server, const Message& message,
                  const http::Redactor& redactor) {
  if (!spdlog::should_log(spdlog::level::info)) return;
  const rapidjson::Value& params = message.document["params"];
  auto number = [&params](const char* key) -> std::string {
    const auto found = params.FindMember(key);
    if (found == params.MemberEnd() || !found->value.IsNumber()) return "";
    char text[32];
    std::snprintf(text, sizeof text, "%g", found->value.GetDouble());
    return text;
  };
  std::string line = "MCP server '" + server + "': progress " + number("progress");
  if (const std::string total = number("total"); !total.empty()) line += "/" + total;
  const auto note = params.FindMember("message");
  if (note != params.MemberEnd() && note->value.IsString()) {
    line += ": " + std::string(note->value.GetString(), note->value.GetStringLength());
  }
  spdlog::info("{}", redactor.redact(line));
}

}  // namespace kosmo::mcp
