#include "lib/mcp/session.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstddef>
#include <set>

#include "lib/common/json_text.h"
#include "lib/common/log_event.h"
#include "lib/http/redacted_preview.h"
#include "lib/mcp/errors.h"
#include "lib/mcp/json_rpc.h"

#ifndef KOSMO_VERSION
#define KOSMO_VERSION "dev"
#endif

namespace kosmo::mcp {
namespace {

std::string joined_versions() {
  std::string text;
  for (std::string_view version : supported_protocol_versions()) {
    if (!text.empty()) text += ", ";
    text += version;
  }
  return text;
}

}  // namespace

rapidjson::Document initialize_params(const ClientCapabilities* offered) {
  rapidjson::Document params(rapidjson::kObjectType);
  auto& allocator = params.GetAllocator();
  params.AddMember("protocolVersion", rapidjson::StringRef(kLatestProtocolVersion), allocator);
  params.AddMember("capabilities",
                   offered != nullptr ? declared_capabilities(*offered, allocator)
                                      : rapidjson::Value(rapidjson::kObjectType),
                   allocator);
  rapidjson::Value client(rapidjson::kObjectType);
  client.AddMember("name", "kosmo", allocator);
  client.AddMember("version", rapidjson::StringRef(KOSMO_VERSION), allocator);
  params.AddMember("clientInfo", client, allocator);
  return params;
}

const std::vector<std::string_view>& supported_protocol_versions() {
  static const std::vector<std::string_view> versions = {kLatestProtocolVersion, "2025-06-18",
                                                         "2025-03-26", "2024-11-05"};
  return versions;
}

Session::Session(std::unique_ptr<Transport> transport, SessionOptions options)
    : transport_(std::move(transport)), options_(std::move(options)) {}

Session::~Session() { close(); }

void Session::close() noexcept {
  if (transport_) transport_->close();
}

McpCheck Session::initialize() {
  if (initialized_) return std::nullopt;
  rapidjson::Document params = initialize_params(transport_->client_capabilities());
  McpOutcome<rapidjson::Document> result =
      exchange("initialize", &params, options_.initialize_timeout_s);
  if (!result) return std::move(result).error();
  if (McpCheck failure = check_version(*result)) return failure;
  transport_->set_protocol_version(protocol_version_);
  const std::string initialized = notification_message("notifications/initialized");
  log_message("send", initialized);
  if (McpCheck failure = transport_->notify(initialized, options_.request_timeout_s)) {
    return failure;
  }
  transport_->initialized();
  initialize_result_ = std::move(*result);
  initialized_ = true;
  spdlog::debug("MCP server '{}' initialized (protocol {})", options_.server_name,
                protocol_version_);
  return std::nullopt;
}

void Session::log_message(std::string_view direction, std::string_view text) const {
  if (!log::enabled(spdlog::level::debug)) return;
  static const http::Redactor no_secrets;
  const http::Preview preview =
      http::redacted_preview(options_.redactor ? *options_.redactor : no_secrets, text);
  const std::string shown = preview.text + (preview.cut ? "..." : "");
  log::event(
      spdlog::level::debug,
      "MCP server '" + options_.server_name +
          "': " + (direction == "send" ? "sent " : "received ") + shown,
      {log::Field::text("event", "mcp_message"), log::Field::text("server", options_.server_name),
       log::Field::text("direction", std::string(direction)),
       log::Field::integer("bytes", static_cast<int64_t>(text.size())),
       log::Field::text("body", preview.text)});
}

McpCheck Session::check_version(const rapidjson::Value& result) {
  const std::string server = "MCP server '" + options_.server_name + "' ";
  if (!result.IsObject() || !result.HasMember("protocolVersion") ||
      !result["protocolVersion"].IsString()) {
    return McpFailure{ErrorKind::kProtocol,
                      server + "answered initialize without a protocolVersion."};
  }
  std::string chosen = result["protocolVersion"].GetString();
  const auto& supported = supported_protocol_versions();
  if (std::find(supported.begin(), supported.end(), chosen) == supported.end()) {
    return McpFailure{ErrorKind::kProtocol, server + "chose protocol version '" + chosen +
                                                "', which kosmo does not support (supported: " +
                                                joined_versions() + ")."};
  }
  protocol_version_ = chosen;
  return std::nullopt;
}

bool Session::has_capability(std::string_view name) const {
  if (!initialize_result_.IsObject()) return false;
  auto capabilities = initialize_result_.FindMember("capabilities");
  if (capabilities == initialize_result_.MemberEnd() || !capabilities->value.IsObject()) {
    return false;
  }
  auto it = capabilities->value.FindMember(
      rapidjson::Value(rapidjson::StringRef(name.data(), name.size())));
  return it != capabilities->value.MemberEnd() && !it->value.IsNull() && !it->value.IsFalse();
}

McpOutcome<rapidjson::Document> Session::exchange(std::string_view method,
                                                  const rapidjson::Value* params, double timeout_s,
                                                  std::string_view progress_token) {
  OutgoingRequest outgoing;
  outgoing.id = next_id_++;
  outgoing.method = std::string(method);
  outgoing.text = request_message(outgoing.id, method, params);
  outgoing.progress_token = std::string(progress_token);
  outgoing.progress_limit_s = options_.deadline.remaining();
  log_message("send", outgoing.text);
  McpOutcome<rapidjson::Document> response =
      transport_->round_trip(outgoing, options_.deadline.cap(timeout_s));
  if (!response) return response;
  if (log::enabled(spdlog::level::debug)) log_message("receive", to_json(*response));
  return take_result(std::move(*response));
}

McpOutcome<rapidjson::Document> Session::request(std::string_view method,
                                                 const rapidjson::Value* params) {
  return request(method, params, {});
}

McpOutcome<rapidjson::Document> Session::request(std::string_view method,
                                                 const rapidjson::Value* params,
                                                 std::string_view progress_token) {
  if (McpCheck failure = initialize()) return std::move(*failure);
  McpOutcome<rapidjson::Document> result =
      exchange(method, params, options_.request_timeout_s, progress_token);
  if (result || result.error().kind != ErrorKind::kSessionExpired) return result;
  // Once only: a server that forgets every session fails the retry with the same error.
  spdlog::info("MCP server '{}' ended the session; starting a new one", options_.server_name);
  initialized_ = false;
  if (McpCheck failure = initialize()) return std::move(*failure);
  return exchange(method, params, options_.request_timeout_s, progress_token);
}

McpOutcome<rapidjson::Document> Session::list_all(std::string_view method, const char* key) {
  rapidjson::Document items(rapidjson::kArrayType);
  std::set<std::string> followed;
  rapidjson::Document params(rapidjson::kObjectType);
  bool paging = false;
  for (int page = 0; page < options_.max_pages; ++page) {
    McpOutcome<rapidjson::Document> answer = request(method, paging ? &params : nullptr);
    if (!answer) return answer;
    rapidjson::Document& result = *answer;
    if (!result.IsObject()) return items;
    if (auto list = result.FindMember(key); list != result.MemberEnd() && list->value.IsArray()) {
      for (const auto& item : list->value.GetArray()) {
        items.PushBack(rapidjson::Value(item, items.GetAllocator()), items.GetAllocator());
      }
    }
    auto next = result.FindMember("nextCursor");
    if (next == result.MemberEnd() || !next->value.IsString() ||
        next->value.GetStringLength() == 0) {
      return items;
    }
    std::string cursor(next->value.GetString(), next->value.GetStringLength());
    if (!followed.insert(cursor).second) {
      spdlog::warn("MCP server '{}' repeated a {} cursor; the listing stops there",
                   options_.server_name, method);
      return items;
    }
    params.RemoveAllMembers();
    params.AddMember("cursor", json::text(cursor, params.GetAllocator()), params.GetAllocator());
    paging = true;
  }
  spdlog::warn("MCP server '{}': {} stopped after {} pages", options_.server_name, method,
               options_.max_pages);
  return items;
}

McpOutcome<rapidjson::Document> Session::list_tools() { return list_all("tools/list", "tools"); }

McpOutcome<rapidjson::Document> Session::list_resources() {
  if (McpCheck failure = initialize()) return std::move(*failure);
  if (!has_capability("resources")) return rapidjson::Document(rapidjson::kArrayType);
  return list_all("resources/list", "resources");
}

McpOutcome<rapidjson::Document> Session::list_prompts() {
  if (McpCheck failure = initialize()) return std::move(*failure);
  if (!has_capability("prompts")) return rapidjson::Document(rapidjson::kArrayType);
  return list_all("prompts/list", "prompts");
}

namespace {

// Room for the params of a typical tools/call or prompts/get (a name and a few arguments) on the
// stack: a Document of its own would take a 64 KiB pool chunk from the heap for every call and
// give it back, and a warm call loop then spends more time growing and trimming the heap
// (brk, page faults) than talking to the server. Larger arguments spill into heap chunks.
constexpr size_t kParamsBufferBytes = 2048;

// {"name": name, "arguments": arguments or {}}: the params of tools/call and prompts/get, built
// in `pool`.
rapidjson::Value name_and_arguments(std::string_view name, const rapidjson::Value& arguments,
                                    rapidjson::MemoryPoolAllocator<>& pool) {
  rapidjson::Value params(rapidjson::kObjectType);
  params.AddMember("name", json::text(name, pool), pool);
  rapidjson::Value copied(rapidjson::kObjectType);
  if (!arguments.IsNull()) copied.CopyFrom(arguments, pool);
  params.AddMember("arguments", copied, pool);
  return params;
}

}  // namespace

McpOutcome<rapidjson::Document> Session::call_tool(std::string_view name,
                                                   const rapidjson::Value& arguments) {
  if (!arguments.IsNull() && !arguments.IsObject()) {
    return McpFailure{ErrorKind::kUsage, "MCP tool arguments must be an object"};
  }
  alignas(std::max_align_t) char buffer[kParamsBufferBytes];
  rapidjson::MemoryPoolAllocator<> pool(buffer, sizeof buffer);
  rapidjson::Value params = name_and_arguments(name, arguments, pool);
  // A token of its own per call, so a server may report progress (and so keep the call alive
  // past its idle timeout; see OutgoingRequest).
  const std::string token = "kosmo-" + std::to_string(next_progress_token_++);
  rapidjson::Value meta(rapidjson::kObjectType);
  meta.AddMember("progressToken", json::text(token, pool), pool);
  params.AddMember("_meta", meta, pool);
  return request("tools/call", &params, token);
}

McpOutcome<rapidjson::Document> Session::read_resource(std::string_view uri) {
  rapidjson::Document params(rapidjson::kObjectType);
  params.AddMember("uri", json::text(uri, params.GetAllocator()), params.GetAllocator());
  return request("resources/read", &params);
}

McpOutcome<rapidjson::Document> Session::get_prompt(std::string_view name,
                                                    const rapidjson::Value& arguments) {
  alignas(std::max_align_t) char buffer[kParamsBufferBytes];
  rapidjson::MemoryPoolAllocator<> pool(buffer, sizeof buffer);
  const rapidjson::Value params = name_and_arguments(name, arguments, pool);
  return request("prompts/get", &params);
}

McpCheck Session::poll() {
  if (!transport_) return std::nullopt;
  return transport_->poll_messages();
}

void Session::set_notification_hook(std::function<void(std::string_view method)> hook) {
  if (transport_) transport_->set_notification_hook(std::move(hook));
}

}  // namespace kosmo::mcp
