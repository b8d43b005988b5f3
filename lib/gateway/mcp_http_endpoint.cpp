#include "lib/gateway/mcp_http_endpoint.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <utility>

#include "lib/common/json_parse.h"
#include "lib/gateway/http_request_guards.h"
#include "lib/gateway/http_response_writer.h"
#include "lib/mcp/json_rpc.h"

namespace kosmo::gateway {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::string_view kPath = "/mcp";
constexpr std::string_view kAllow = "GET, POST, DELETE, OPTIONS";

// Where the session's answers to a client's notification or response would go: there are none.
class DiscardReply : public ReplyChannel {
 public:
  void notify(std::string) override {}
  void respond(std::string) override {}
};

// An HTTP error whose body is a JSON-RPC error without an id, as MCP suggests for refusals.
HttpResponse rpc_refusal(int status, int code, std::string_view message, HttpHeaders headers) {
  const rapidjson::Value null_id;
  HttpResponse response;
  response.status = status;
  response.headers = std::move(headers);
  response.headers.emplace_back("Content-Type", "application/json");
  response.body = mcp::error_message(null_id, code, message);
  return response;
}

bool send_refusal(HttpConnection& connection, int status, std::string_view message,
                  HttpHeaders headers, int code = mcp::rpc_code::kInvalidRequest) {
  return connection.send(rpc_refusal(status, code, message, std::move(headers)));
}

bool accepts(const std::string* accept, std::string_view media_type) {
  return accept != nullptr && (list_has_token(*accept, media_type) || list_has_token(*accept, "*/*"));
}

bool is_json_content(const std::string* content_type) {
  return content_type != nullptr && list_has_token(*content_type, "application/json");
}

bool is_error_response(const std::string& message) {
  const mcp::Message parsed = mcp::parse_message(message);
  return parsed.kind == mcp::MessageKind::kResponse && parsed.document.HasMember("error");
}

// -32700 when the body is not JSON, -32600 when it is JSON but not one JSON-RPC message.
std::pair<int, std::string_view> invalid_body(const std::string& body) {
  rapidjson::Document document;
  if (parse_json(body, document).IsError()) return {mcp::rpc_code::kParseError, "Parse error"};
  if (document.IsArray()) {
    return {mcp::rpc_code::kInvalidRequest, "JSON-RPC batches are not supported (MCP 2025-06-18)"};
  }
  return {mcp::rpc_code::kInvalidRequest, "Invalid Request: not a JSON-RPC 2.0 message"};
}

}  // namespace

McpHttpEndpoint::McpHttpEndpoint(const HttpServeOptions& options, SessionFactory make_session,
                                 const HttpServerLimits& limits, bool check_host)
    : options_(options),
      make_session_(std::move(make_session)),
      limits_(limits),
      check_host_(check_host),
      sessions_(limits.max_sessions) {}

bool McpHttpEndpoint::handle(HttpRequest& request, HttpConnection& connection) {
  HttpHeaders headers;
  headers.reserve(8);
  const std::string* origin = request.header("Origin");
  const std::string* host = request.header("Host");
  if ((origin != nullptr && !origin_allowed(*origin, options_.allowed_origins)) ||
      (check_host_ && host != nullptr && !host_allowed(*host, options_.allowed_origins))) {
    spdlog::warn("mcp:serve: refused a request from a foreign origin or host (DNS rebinding?)");
    return send_refusal(connection, 403, "Forbidden: origin not allowed", headers);
  }
  if (origin != nullptr) {
    headers.emplace_back("Access-Control-Allow-Origin", *origin);
    headers.emplace_back("Access-Control-Expose-Headers", "Mcp-Session-Id");
    headers.emplace_back("Vary", "Origin");
  }
  if (request.path() != kPath) return send_refusal(connection, 404, "Not Found: the endpoint is /mcp", headers);
  if (request.method == "OPTIONS") {
    HttpResponse response{204, std::move(headers), {}, false};
    response.headers.emplace_back("Allow", std::string(kAllow));
    response.headers.emplace_back("Access-Control-Allow-Methods", std::string(kAllow));
    response.headers.emplace_back(
        "Access-Control-Allow-Headers",
        "Content-Type, Accept, Authorization, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID");
    response.headers.emplace_back("Access-Control-Max-Age", "600");
    return connection.send(response);
  }
  if (request.method != "GET" && request.method != "POST" && request.method != "DELETE") {
    headers.emplace_back("Allow", std::string(kAllow));
    return send_refusal(connection, 405, "Method Not Allowed", headers);
  }
  if (!options_.bearer_token.empty() &&
      !bearer_matches(request.header("Authorization"), options_.bearer_token)) {
    headers.emplace_back("WWW-Authenticate", "Bearer");
    return send_refusal(connection, 401, "Unauthorized: a bearer token is required", headers);
  }
  // Absent means 2025-03-26 (the spec's rule for servers), which is supported.
  if (const std::string* version = request.header("MCP-Protocol-Version");
      version != nullptr && !is_supported_protocol_version(*version)) {
    return send_refusal(connection, 400, "Bad Request: unsupported MCP-Protocol-Version", headers);
  }
  if (request.method == "POST") return post(request, connection, std::move(headers));
  if (request.method == "GET") return get(request, connection, std::move(headers));
  return remove(request, connection, std::move(headers));
}

bool McpHttpEndpoint::post(HttpRequest& request, HttpConnection& connection, HttpHeaders headers) {
  const std::string* accept = request.header("Accept");
  if (!accepts(accept, "application/json") || !accepts(accept, "text/event-stream")) {
    return send_refusal(connection, 406,
                        "Not Acceptable: Accept must list application/json and text/event-stream",
                        headers);
  }
  if (!is_json_content(request.header("Content-Type"))) {
    return send_refusal(connection, 415, "Unsupported Media Type: send application/json", headers);
  }
  const mcp::Message message = mcp::parse_message(request.body);
  if (message.kind == mcp::MessageKind::kInvalid) {
    const auto [code, text] = invalid_body(request.body);
    return send_refusal(connection, 400, text, headers, code);
  }
  if (message.kind == mcp::MessageKind::kRequest && message.method() == "initialize") {
    return initialize(request, connection, std::move(headers));
  }
  bool keep_alive = true;
  const std::shared_ptr<HttpSession> session = session_of(request, connection, headers, keep_alive);
  if (!session) return keep_alive;
  if (message.kind != mcp::MessageKind::kRequest) {
    if (!session->receive(request.body, std::make_shared<DiscardReply>(), nullptr)) {
      return send_refusal(connection, 404, "Not Found: the session has ended", headers);
    }
    return connection.send(HttpResponse{202, std::move(headers), {}, false});
  }
  const auto reply = std::make_shared<PostReply>();
  if (!session->receive(request.body, reply, reply)) {
    return send_refusal(connection, 404, "Not Found: the session has ended", headers);
  }
  return deliver(*reply, connection, std::move(headers), nullptr);
}

bool McpHttpEndpoint::initialize(HttpRequest& request, HttpConnection& connection,
                                 HttpHeaders headers) {
  if (request.header("Mcp-Session-Id") != nullptr) {
    return send_refusal(connection, 400,
                        "Bad Request: initialize starts a session; send it without Mcp-Session-Id",
                        headers);
  }
  if (!sessions_.make_room(std::chrono::milliseconds(limits_.session_idle_timeout_ms))) {
    return send_refusal(connection, 503, "Service Unavailable: too many sessions", headers);
  }
  auto standalone = std::make_shared<StandaloneStream>();
  std::unique_ptr<ServerSession> made = make_session_(standalone);
  if (!made) return send_refusal(connection, 500, "Internal Server Error: no session", headers);
  auto session = std::make_shared<HttpSession>(std::move(made), std::move(standalone));
  const std::string id = new_session_id();
  if (!sessions_.add(id, session)) {
    return send_refusal(connection, 503, "Service Unavailable: too many sessions", headers);
  }
  spdlog::debug("mcp:serve: HTTP session started ({} open)", sessions_.size());
  const auto reply = std::make_shared<PostReply>();
  session->receive(request.body, reply, reply);
  headers.emplace_back("Mcp-Session-Id", id);
  return deliver(*reply, connection, std::move(headers), &id);
}

std::shared_ptr<HttpSession> McpHttpEndpoint::session_of(HttpRequest& request,
                                                         HttpConnection& connection,
                                                         const HttpHeaders& headers,
                                                         bool& keep_alive) {
  const std::string* id = request.header("Mcp-Session-Id");
  if (id == nullptr) {
    keep_alive = send_refusal(connection, 400,
                              "Bad Request: Mcp-Session-Id header required (initialize first)",
                              headers);
    return nullptr;
  }
  std::shared_ptr<HttpSession> session = sessions_.find(*id);
  if (!session) {
    keep_alive = send_refusal(connection, 404, "Not Found: unknown or ended session", headers);
  }
  return session;
}

bool McpHttpEndpoint::deliver(PostReply& reply, HttpConnection& connection, HttpHeaders headers,
                              const std::string* new_session) {
  const std::chrono::milliseconds tick(limits_.poll_interval_ms);
  bool streaming = false;
  std::string message;
  while (true) {
    switch (reply.wait(message, tick)) {
      case ReplyEvent::kTimeout:
        if (connection.stopping() || connection.client_gone()) {
          reply.abandon();
          return false;
        }
        break;
      case ReplyEvent::kEnded:
        if (streaming) return connection.send(kLastChunk);
        return send_refusal(connection, 404, "Not Found: the session has ended", headers);
      case ReplyEvent::kNotification:
        if (!streaming && !connection.send(event_stream_head(200, headers))) {
          reply.abandon();
          return false;
        }
        streaming = true;
        if (!connection.send(chunk(sse_message_event(message)))) {
          reply.abandon();
          return false;
        }
        break;
      case ReplyEvent::kResponse:
        if (streaming) return connection.send(chunk(sse_message_event(message)) + std::string(kLastChunk));
        if (new_session != nullptr && is_error_response(message)) {
          sessions_.end(*new_session);
          std::erase_if(headers, [](const auto& field) { return field.first == "Mcp-Session-Id"; });
        }
        headers.emplace_back("Content-Type", "application/json");
        return connection.send(HttpResponse{200, std::move(headers), std::move(message), false});
    }
  }
}

bool McpHttpEndpoint::get(HttpRequest& request, HttpConnection& connection, HttpHeaders headers) {
  if (!accepts(request.header("Accept"), "text/event-stream")) {
    return send_refusal(connection, 406, "Not Acceptable: Accept must list text/event-stream",
                        headers);
  }
  bool keep_alive = true;
  const std::shared_ptr<HttpSession> session = session_of(request, connection, headers, keep_alive);
  if (!session) return keep_alive;
  StandaloneStream& stream = session->standalone();
  if (!stream.attach()) {
    return send_refusal(connection, 409, "Conflict: this session's GET stream is already open",
                        headers);
  }
  const std::chrono::milliseconds tick(limits_.poll_interval_ms);
  const std::chrono::milliseconds keep_alive_interval(limits_.keep_alive_interval_ms);
  bool open = connection.send(event_stream_head(200, headers));
  auto last_sent = Clock::now();
  std::string message;
  while (open) {
    switch (stream.wait(message, tick)) {
      case ReplyEvent::kNotification:
      case ReplyEvent::kResponse:
        open = connection.send(chunk(sse_message_event(message)));
        last_sent = Clock::now();
        break;
      case ReplyEvent::kEnded:
        connection.send(kLastChunk);
        open = false;
        break;
      case ReplyEvent::kTimeout:
        if (connection.stopping() || connection.client_gone()) {
          open = false;
        } else if (Clock::now() - last_sent >= keep_alive_interval) {
          open = connection.send(chunk(sse_comment("keep-alive")));
          last_sent = Clock::now();
        }
        break;
    }
  }
  stream.detach();
  session->touch();  // idle from now, not from when the stream opened
  return false;      // the stream was the connection's last response
}

bool McpHttpEndpoint::remove(HttpRequest& request, HttpConnection& connection,
                             HttpHeaders headers) {
  const std::string* id = request.header("Mcp-Session-Id");
  if (id == nullptr) {
    return send_refusal(connection, 400, "Bad Request: Mcp-Session-Id header required", headers);
  }
  if (!sessions_.end(*id)) {
    return send_refusal(connection, 404, "Not Found: unknown or ended session", headers);
  }
  spdlog::debug("mcp:serve: HTTP session ended by the client ({} open)", sessions_.size());
  return connection.send(HttpResponse{204, std::move(headers), {}, false});
}

}  // namespace kosmo::gateway
