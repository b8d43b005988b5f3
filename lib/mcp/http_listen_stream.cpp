#include "lib/mcp/http_listen_stream.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <utility>

#include "lib/common/stop_flag.h"
#include "lib/http/authorization_header.h"
#include "lib/http/curl_http_client.h"
#include "lib/mcp/json_rpc.h"
#include "lib/mcp/server_messages.h"
#include "lib/mcp/sse_parser.h"

namespace kosmo::mcp {
namespace {

constexpr int kMaxFruitlessConnections = 3;

}  // namespace

ListenStream::ListenStream(std::string server_name, http::HttpRequest get, http::HttpRequest reply,
                           std::optional<ClientCapabilities> capabilities)
    : server_name_(std::move(server_name)),
      get_(std::move(get)),
      reply_(std::move(reply)),
      capabilities_(std::move(capabilities)),
      client_(std::make_unique<http::CurlHttpClient>()) {
  thread_ = std::thread([this] { run(); });
}

ListenStream::~ListenStream() { stop(); }

void ListenStream::request_stop() noexcept {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
}

void ListenStream::stop() noexcept {
  request_stop();
  if (thread_.joinable()) thread_.join();
}

std::vector<std::string> ListenStream::take_notifications() {
  std::lock_guard lock(mutex_);
  return std::exchange(notifications_, {});
}

void ListenStream::run() {
  watch_stop_flag_on_this_thread(&stop_);
  int fruitless = 0;
  try {
    while (!stop_ && fruitless < kMaxFruitlessConnections) {
      size_t messages = 0;
      if (!listen_once(messages)) break;
      fruitless = messages > 0 ? 0 : fruitless + 1;
      if (!pause(static_cast<double>(retry_ms_.value_or(kDefaultSseRetryMs)) / 1000)) break;
    }
  } catch (const std::exception& error) {  // out of memory, libcurl missing: end quietly
    spdlog::debug("MCP server '{}': GET stream ended: {}", server_name_, error.what());
  }
  watch_stop_flag_on_this_thread(nullptr);
}

void ListenStream::set_authorization(std::string value) {
  std::lock_guard lock(mutex_);
  authorization_ = std::move(value);
}

http::HttpRequest ListenStream::authorized(http::HttpRequest request) {
  std::lock_guard lock(mutex_);
  if (authorization_) http::set_authorization_header(request, *authorization_);
  return request;
}

bool ListenStream::listen_once(size_t& messages) {
  http::HttpRequest get = authorized(get_);
  if (!last_event_id_.empty()) get.headers.emplace_back("Last-Event-ID", last_event_id_);
  SseParser parser;
  bool events = false;
  get.body_reader = [&](const http::HttpResponse& head, std::string_view piece) {
    if (!events) {
      // Judged on the first head with a type (a proxy's CONNECT answer has none).
      const std::string type = http::lower_ascii(head.header("content-type"));
      if (type.empty() && piece.empty()) return true;
      events = type.find("text/event-stream") != std::string::npos;
      if (!events) return false;
      mark_listening();
    }
    parser.feed(piece);
    for (const SseEvent& event : parser.take_events()) {
      ++messages;
      handle(event.data);
    }
    if (!parser.last_event_id().empty()) last_event_id_ = parser.last_event_id();
    if (parser.retry_ms()) retry_ms_ = parser.retry_ms();
    return !stop_.load();
  };
  http::HttpResult result = client_->send(get);
  mark_listening();  // or refused: either way, nobody need wait for it any longer
  if (stop_) return false;
  if (!result.transport_ok || !events) {
    spdlog::debug("MCP server '{}' offers no GET stream ({})", server_name_,
                  result.transport_ok ? "HTTP " + std::to_string(result.response.status)
                                      : result.transport_error);
    return false;
  }
  spdlog::debug("MCP server '{}' ended its GET stream", server_name_);
  return true;
}

void ListenStream::mark_listening() {
  {
    std::lock_guard lock(mutex_);
    if (listening_) return;
    listening_ = true;
  }
  wake_.notify_all();
}

void ListenStream::wait_until_listening(double seconds) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, std::chrono::duration<double>(seconds), [this] { return listening_; });
}

std::optional<rapidjson::Document> ListenStream::wait_for_response(int64_t id, double seconds) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, std::chrono::duration<double>(seconds),
                 [&] { return stop_.load() || responses_.count(id) > 0; });
  auto found = responses_.find(id);
  if (found == responses_.end()) return std::nullopt;
  rapidjson::Document response = std::move(found->second);
  responses_.erase(found);
  return response;
}

void ListenStream::handle(std::string_view data) {
  Message message = parse_message(data);
  if (message.kind == MessageKind::kResponse && message.document["id"].IsInt64()) {
    const int64_t id = message.document["id"].GetInt64();
    spdlog::debug("MCP server '{}' answered request {} on its GET stream", server_name_, id);
    {
      std::lock_guard lock(mutex_);
      responses_[id] = std::move(message.document);
    }
    wake_.notify_all();
    return;
  }
  if (message.kind == MessageKind::kNotification) {
    spdlog::debug("MCP server '{}' sent {} on its GET stream", server_name_, message.method());
    std::lock_guard lock(mutex_);
    notifications_.emplace_back(message.method());
    return;
  }
  if (message.kind != MessageKind::kRequest) return;
  ServerRequestReply reply =
      reply_to_server_request(message, capabilities_ ? &*capabilities_ : nullptr);
  http::HttpRequest post = authorized(reply_);
  post.body = std::move(reply.text);
  http::HttpResult sent = client_->send(post);
  spdlog::debug("MCP server '{}' asked '{}' on its GET stream; {} (HTTP {})", server_name_,
                message.method(), reply.offered ? "answered" : "not offered",
                sent.transport_ok ? std::to_string(sent.response.status) : sent.transport_error);
}

bool ListenStream::pause(double seconds) {
  std::unique_lock lock(mutex_);
  return !wake_.wait_for(lock, std::chrono::duration<double>(seconds),
                         [this] { return stop_.load(); });
}

}  // namespace kosmo::mcp
