#pragma once
// The Streamable HTTP transport (MCP 2025-03-26 and later) over kosmo's HttpClient seam: one
// POST per message, answered with JSON or with an SSE stream that ends with the response.
//
// * Every POST carries `Accept: application/json, text/event-stream`, `Content-Type:
//   application/json`, the entry's headers, and, once known, `MCP-Session-Id` (from the
//   initialize response) and `MCP-Protocol-Version` (the negotiated version).
// * SSE bodies are read whole (the HttpClient returns complete bodies): the response is the event
//   whose message answers our id; notifications before it are skipped. Requests the server makes
//   inside such a stream cannot be answered (the answer would be another POST, sent only after
//   this one has finished), so they are logged and left alone; kosmo advertises no capabilities,
//   so a compliant server sends none but `ping`, which it may not hold the response for.
// * 404 on a request that carried a session id means the server forgot the session: the id is
//   dropped and the request fails with kSessionExpired, so the session re-initializes and
//   retries once.
// * A timed-out request is followed by notifications/cancelled (best effort).
// * close() sends DELETE with the session id (a 405 answer is fine) and never throws.
// * No GET stream for unsolicited server messages and no resumption (Last-Event-ID): a call
//   either gets its whole response in its POST or fails.
// * Requests are tagged route_scope "mcp:<server>", so cassettes match them without the URL.
#include <memory>
#include <string>

#include "lib/http/http_client.h"
#include "lib/mcp/server_config.h"
#include "lib/mcp/transport.h"

namespace kosmo::mcp {

class HttpTransport final : public Transport {
 public:
  // `config` already expanded; `client` must outlive the transport. Fails with kConfig without a
  // url.
  static McpOutcome<std::unique_ptr<HttpTransport>> open(const ServerConfig& config,
                                                         http::HttpClient& client);
  ~HttpTransport() override;

  McpOutcome<rapidjson::Document> round_trip(const OutgoingRequest& request,
                                             double timeout_s) override;
  McpCheck notify(const std::string& text, double timeout_s) override;
  void set_protocol_version(const std::string& version) override { protocol_version_ = version; }
  void close() noexcept override;

  const std::string& session_id() const { return session_id_; }

 private:
  // Best-effort messages (a cancellation, the closing DELETE) get one attempt, no retries.
  enum class Delivery { kRetried, kOnce };
  HttpTransport(const ServerConfig& config, http::HttpClient& client);
  http::HttpRequest make_request(std::string method, std::string body, double timeout_s,
                                 Delivery delivery) const;
  McpOutcome<http::HttpResponse> post(const std::string& body, double timeout_s,
                                      Delivery delivery = Delivery::kRetried);
  McpOutcome<rapidjson::Document> response_to(const OutgoingRequest& request,
                                              const http::HttpResponse& response) const;
  void capture_session(const http::HttpResponse& response);
  void cancel(const OutgoingRequest& request);

  std::string name_;
  std::string url_;
  http::HeaderList configured_headers_;
  http::HttpClient& client_;
  std::string session_id_;
  std::string protocol_version_;
  bool closed_ = false;
};

}  // namespace kosmo::mcp
