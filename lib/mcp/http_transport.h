#pragma once
// The Streamable HTTP transport (MCP 2025-03-26 and later) over kosmo's HttpClient seam: one
// POST per message, answered with JSON or with an SSE stream that ends with the response.
//
// * Every POST carries `Accept: application/json, text/event-stream`, `Content-Type:
//   application/json`, the entry's headers, and, once known, `MCP-Session-Id` (from the
//   initialize response) and `MCP-Protocol-Version` (the negotiated version).
// * Answers are read as they arrive (http_answer_reader.h). In an event stream, a request the
//   server makes before it answers (ping, roots/list, elicitation/create) is replied to at once
//   on a POST of its own, as client_capabilities.h says (kosmo declares those capabilities over
//   HTTP as over stdio), progress for the call is logged at -v, and the transfer ends with the
//   response even when the server keeps the stream open.
// * A stream that ends before the response, with event ids, is resumed: after the server's
//   `retry:` (1 s without one) a GET carries Last-Event-ID, again while resumed streams bring
//   new messages (three that bring none end it), all within the request's timeout.
// * 404 on a request that carried a session id, or the 400 naming the session that the official
//   SDKs' servers send, means the server forgot the session: the id is dropped and the request
//   fails with kSessionExpired, so the session re-initializes and retries once.
// * A tools/call carrying a progress token waits for the entry's timeout of silence rather than
//   in all: anything the server sends (its progress reports) restarts the wait, never past the
//   run's --timeout (libcurl's idle timeout, whole seconds).
// * A timed-out request is followed by notifications/cancelled (best effort).
// * close() sends DELETE with the session id (a 405 answer is fine) and never throws.
// * With `listen` (a live run; never under --replay), once the session is initialized the GET
//   stream is opened and read on a thread of its own (http_listen_stream.h), so that requests a
//   server sends outside the call's stream (the official SDKs send a tool's elicitation there)
//   are answered while the call waits; its notifications reach the notification hook on the
//   run's thread, at the next request or poll_messages. Re-initializing opens a new one.
// * With an `authorization` (an OAuth-protected server, server_authorization.h), every request
//   carries its Authorization header; a 401, or a 403 insufficient_scope, has it obtain new
//   credentials and the request is sent again (up to three times; it bounds its own attempts).
// * Requests are tagged route_scope "mcp:<server>", so cassettes match them without the URL.
#include <memory>
#include <optional>
#include <string>

#include "lib/http/http_client.h"
#include "lib/http/redactor.h"
#include "lib/http/sleeper.h"
#include "lib/mcp/client_capabilities.h"
#include "lib/mcp/json_rpc.h"
#include "lib/mcp/request_authorization.h"
#include "lib/mcp/server_config.h"
#include "lib/mcp/transport.h"

namespace kosmo::mcp {

class AnswerReader;
class ListenStream;

class HttpTransport final : public Transport {
 public:
  // `config` already expanded; `client` must outlive the transport. `redactor` (copied; may be
  // null) cleans what a server's progress says before -v logs it; `capabilities` (copied; null:
  // none declared, only ping answered). Fails with kConfig without a url.
  // `listen`: open the session's GET stream once initialized (see above). `authorization`: null
  // for a server kosmo does not authorize.
  static McpOutcome<std::unique_ptr<HttpTransport>> open(
      const ServerConfig& config, http::HttpClient& client,
      const http::Redactor* redactor = nullptr, const ClientCapabilities* capabilities = nullptr,
      bool listen = false, std::unique_ptr<RequestAuthorization> authorization = nullptr);
  ~HttpTransport() override;

  McpOutcome<rapidjson::Document> round_trip(const OutgoingRequest& request,
                                             double timeout_s) override;
  McpCheck notify(const std::string& text, double timeout_s) override;
  void set_protocol_version(const std::string& version) override { protocol_version_ = version; }
  void initialized() override;
  McpCheck poll_messages() override;
  void close() noexcept override;
  const ClientCapabilities* client_capabilities() const override {
    return capabilities_ ? &*capabilities_ : nullptr;
  }

  const std::string& session_id() const { return session_id_; }

 private:
  // Best-effort messages (a cancellation, the closing DELETE) get one attempt, no retries.
  enum class Delivery { kRetried, kOnce };
  HttpTransport(const ServerConfig& config, http::HttpClient& client,
                const http::Redactor* redactor);
  http::HttpRequest make_request(std::string method, std::string body, double timeout_s,
                                 Delivery delivery) const;
  McpOutcome<http::HttpResponse> post(const std::string& body, double timeout_s,
                                      Delivery delivery = Delivery::kRetried,
                                      AnswerReader* reader = nullptr);
  // Sends `request`; a 2xx answer's body goes through `reader` (may be null) as it arrives.
  // Other statuses fail, but 405 when `not_allowed_is_an_answer` (a GET the server refuses).
  McpOutcome<http::HttpResponse> exchange(http::HttpRequest request, AnswerReader* reader,
                                          bool not_allowed_is_an_answer = false);
  // The request's Authorization header, as the authorization now has it (none when it holds no
  // credentials yet).
  void replace_authorization(http::HttpRequest& request) const;
  // Hands the GET stream the Authorization header `request` carries, for its own requests.
  void share_authorization(const http::HttpRequest& request);
  McpCheck resume(const OutgoingRequest& request, AnswerReader& reader, double deadline);
  void handle_other_message(const OutgoingRequest& request, const Message& message,
                            double deadline);
  McpOutcome<rapidjson::Document> response_to(const OutgoingRequest& request,
                                              const http::HttpResponse& response) const;
  void capture_session(const http::HttpResponse& response);
  void cancel(const OutgoingRequest& request);
  // Hands what the GET stream's thread queued to the notification hook.
  void report_listened_notifications();
  // The response to request `id` if the GET stream brought it, waiting up to `wait_s` for it
  // (without a GET stream: just waits).
  std::optional<rapidjson::Document> listened_response(int64_t id, double wait_s);
  void delete_session() noexcept;

  std::string name_;
  std::string url_;
  http::HeaderList configured_headers_;
  http::HttpClient& client_;
  http::Redactor redactor_;  // a copy: the secrets known when the transport opened
  std::optional<ClientCapabilities> capabilities_;
  http::RealSleeper clock_;  // deadlines and the wait before resuming (ends early when stopped)
  std::string session_id_;
  std::string protocol_version_;
  bool listen_ = false;
  std::unique_ptr<RequestAuthorization> authorization_;
  std::unique_ptr<ListenStream> listen_stream_;  // the session's GET stream, once initialized
  bool closed_ = false;
};

}  // namespace kosmo::mcp
