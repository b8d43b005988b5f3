#include "lib/mcp/http_transport.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <sstream>

#include "lib/common/json_parse.h"
#include "lib/http/authorization_header.h"
#include "lib/mcp/errors.h"
#include "lib/mcp/http_answer_reader.h"
#include "lib/mcp/http_listen_stream.h"
#include "lib/mcp/json_rpc.h"
#include "lib/mcp/server_messages.h"

namespace kosmo::mcp {
namespace {

constexpr double kConnectTimeoutSeconds = 10;
// Best-effort messages: a server too busy to take them within this long is not waited for.
constexpr double kDeleteTimeoutSeconds = 1;
constexpr double kCancelTimeoutSeconds = 0.5;
// A reply the GET stream's thread sends to a server's request.
constexpr double kListenReplyTimeoutSeconds = 10;
// How long the session's first request waits for the GET stream to be answered.
constexpr double kListenSetupSeconds = 1;
constexpr size_t kShownBodyBytes = 200;
// A stream that ended before its response is resumed with GET after the server's `retry:`
// (kDefaultSseRetryMs without one); a resumed stream that brings no new message counts towards
// this limit, after which the request fails.
constexpr int kMaxFruitlessResumptions = 3;
// Refusals (401, 403 insufficient_scope) one request answers with new credentials: a first
// authorization, then step-ups.
constexpr int kMaxAuthorizationRounds = 3;

// Headers kosmo sets itself; an entry's `headers` cannot replace them.
bool is_protocol_header(const std::string& name) {
  for (const char* own : {"accept", "content-type", "mcp-session-id", "mcp-protocol-version"}) {
    if (http::equals_ignore_case(name, own)) return true;
  }
  return false;
}

std::string seconds_text(double seconds) {
  std::ostringstream text;
  text << seconds;
  return text.str();
}

// What an error status's body says, when it says something short and readable: the JSON-RPC
// error message servers send with 400s, or a one-line text.
std::string status_detail(const std::string& body) {
  rapidjson::Document document;
  if (!parse_json(body, document).IsError() && document.IsObject() && document.HasMember("error") &&
      document["error"].IsObject() && document["error"].HasMember("message") &&
      document["error"]["message"].IsString()) {
    return ": " + std::string(document["error"]["message"].GetString());
  }
  bool one_line =
      !body.empty() && body.size() <= kShownBodyBytes &&
      std::all_of(body.begin(), body.end(), [](char c) { return c >= ' ' || c == '\t'; });
  return one_line ? ": " + body : "";
}

// The 400 the official SDKs' servers answer a request whose session they do not know ("Bad
// Request: No valid session ID provided", "Invalid or missing session ID"): a forgotten session,
// as a 404 is.
bool says_session_unknown(const http::HttpResponse& response) {
  return response.status == 400 &&
         http::lower_ascii(response.body).find("session") != std::string::npos;
}

bool visible_ascii(const std::string& text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x21 && c <= 0x7e; });
}

}  // namespace

McpOutcome<std::unique_ptr<HttpTransport>> HttpTransport::open(
    const ServerConfig& config, http::HttpClient& client, const http::Redactor* redactor,
    const ClientCapabilities* capabilities, bool listen,
    std::unique_ptr<RequestAuthorization> authorization) {
  if (config.url.empty()) {
    return McpFailure{ErrorKind::kConfig, "MCP server '" + config.name + "' is missing a url."};
  }
  std::unique_ptr<HttpTransport> transport(new HttpTransport(config, client, redactor));
  if (capabilities != nullptr) transport->capabilities_ = *capabilities;
  transport->listen_ = listen;
  transport->authorization_ = std::move(authorization);
  return transport;
}

HttpTransport::HttpTransport(const ServerConfig& config, http::HttpClient& client,
                             const http::Redactor* redactor)
    : name_(config.name),
      url_(config.url),
      client_(client),
      redactor_(redactor ? *redactor : http::Redactor()) {
  for (const auto& [header, value] : config.headers) {
    if (is_protocol_header(header)) {
      spdlog::warn("MCP server '{}': header '{}' is set by kosmo; the configured value is ignored",
                   name_, header);
      continue;
    }
    configured_headers_.emplace_back(header, value);
  }
}

HttpTransport::~HttpTransport() { close(); }

http::HttpRequest HttpTransport::make_request(std::string method, std::string body,
                                              double timeout_s, Delivery delivery) const {
  http::HttpRequest request;
  request.method = std::move(method);
  request.url = url_;
  request.headers = configured_headers_;
  // A GET only ever opens an event stream (MCP 2025-06-18, "Listening for Messages").
  request.headers.emplace_back("Accept", request.method == "GET"
                                             ? "text/event-stream"
                                             : "application/json, text/event-stream");
  if (request.method == "POST") request.headers.emplace_back("Content-Type", "application/json");
  if (!session_id_.empty()) request.headers.emplace_back("MCP-Session-Id", session_id_);
  if (!protocol_version_.empty()) {
    request.headers.emplace_back("MCP-Protocol-Version", protocol_version_);
  }
  if (authorization_) replace_authorization(request);
  request.has_body = request.method == "POST";
  request.body = std::move(body);
  request.total_timeout_s = timeout_s;
  request.connect_timeout_s = std::min(kConnectTimeoutSeconds, timeout_s);
  request.route_scope = "mcp:" + name_;
  request.caller_function = request.route_scope;
  request.retry_allowed = delivery == Delivery::kRetried;
  return request;
}

void HttpTransport::replace_authorization(http::HttpRequest& request) const {
  http::set_authorization_header(request, authorization_->header());
}

// The GET stream's requests (answers, reconnections) carry what the run's thread last sent: the
// authorization renews an expired token when asked for the header, or after a refusal, and the
// stream cannot ask it itself (not from its thread).
void HttpTransport::share_authorization(const http::HttpRequest& request) {
  if (!listen_stream_ || !authorization_) return;
  std::string sent;
  for (const auto& [name, value] : request.headers) {
    if (http::equals_ignore_case(name, "authorization")) sent = value;
  }
  listen_stream_->set_authorization(std::move(sent));
}

McpOutcome<http::HttpResponse> HttpTransport::post(const std::string& body, double timeout_s,
                                                   Delivery delivery, AnswerReader* reader) {
  return exchange(make_request("POST", body, timeout_s, delivery), reader);
}

McpOutcome<http::HttpResponse> HttpTransport::exchange(http::HttpRequest request,
                                                       AnswerReader* reader,
                                                       bool not_allowed_is_an_answer) {
  if (closed_) return McpFailure{ErrorKind::kTransport, "MCP server '" + name_ + "' is closed."};
  const bool had_session = !session_id_.empty();
  if (reader != nullptr) {
    request.body_reader = [reader](const http::HttpResponse& head, std::string_view piece) {
      return reader->read(head, piece);
    };
  }
  share_authorization(request);
  http::HttpResult result = client_.send(request);
  // A refusal the authorization can answer with new credentials: the same request again.
  for (int round = 0; authorization_ && round < kMaxAuthorizationRounds && result.transport_ok &&
                      RequestAuthorization::is_refusal(result.response);
       ++round) {
    if (McpCheck failed = authorization_->refused(result.response)) return std::move(*failed);
    replace_authorization(request);
    share_authorization(request);
    result = client_.send(request);
  }
  if (result.replay_miss) return McpFailure{ErrorKind::kReplayMiss, result.transport_error};
  if (!result.transport_ok) {
    const std::string error = http::lower_ascii(result.transport_error);
    // The idle timeout (CurlHttpClient) says "nothing moved"; libcurl's total timeout, "timed
    // out".
    const bool idle = error.find("nothing moved") != std::string::npos;
    if (idle || error.find("timed out") != std::string::npos) {
      const double waited = idle ? request.idle_timeout_s : request.total_timeout_s;
      return McpFailure{ErrorKind::kTimeout, "MCP server '" + name_ + "' timed out after " +
                                                 seconds_text(waited) + "s."};
    }
    return McpFailure{ErrorKind::kTransport,
                      "MCP server '" + name_ + "' could not be reached: " + result.transport_error};
  }
  const int status = result.response.status;
  if (had_session && (status == 404 || says_session_unknown(result.response))) {
    session_id_.clear();
    return McpFailure{
        ErrorKind::kSessionExpired,
        "MCP server '" + name_ + "' ended the session (HTTP " + std::to_string(status) + ")."};
  }
  if (status == 405 && not_allowed_is_an_answer) return std::move(result.response);
  if (status < 200 || status >= 300) {
    return McpFailure{ErrorKind::kTransport, "MCP server '" + name_ + "' answered HTTP " +
                                                 std::to_string(status) +
                                                 status_detail(result.response.body) + "."};
  }
  if (reader != nullptr) reader->finish(result.response, result.body_read);
  return std::move(result.response);
}

McpOutcome<rapidjson::Document> HttpTransport::round_trip(const OutgoingRequest& request,
                                                          double timeout_s) {
  const bool initializing = request.method == "initialize";
  if (initializing) {
    // A new session: neither the old id, the old version nor the old GET stream belongs to it.
    listen_stream_.reset();
    session_id_.clear();
    protocol_version_.clear();
  }
  report_listened_notifications();
  http::HttpRequest call = make_request("POST", request.text, timeout_s, Delivery::kRetried);
  if (!request.progress_token.empty()) {
    // A call that may report progress: what the server sends (progress included) restarts the
    // wait, up to the run's limit.
    call.idle_timeout_s = timeout_s;
    call.total_timeout_s =
        request.progress_limit_s ? std::max(*request.progress_limit_s, timeout_s) : 0;
  }
  const double deadline =
      clock_.now() + (call.total_timeout_s > 0 ? call.total_timeout_s : timeout_s);
  AnswerReader reader(request.id, [this, &request, deadline](const Message& message) {
    handle_other_message(request, message, deadline);
  });
  McpOutcome<http::HttpResponse> response = exchange(std::move(call), &reader);
  if (!response) {
    if (response.error().kind == ErrorKind::kTimeout && !initializing) cancel(request);
    return std::move(response).error();
  }
  if (initializing) capture_session(*response);
  if (reader.answered()) return reader.take_response();
  if (std::optional<rapidjson::Document> listened = listened_response(request.id, 0)) {
    return std::move(*listened);
  }
  if (!reader.event_stream()) return response_to(request, *response);
  if (McpCheck failure = resume(request, reader, deadline)) {
    if (failure->kind == ErrorKind::kTimeout) cancel(request);
    return std::move(*failure);
  }
  if (reader.answered()) return reader.take_response();
  return McpFailure{ErrorKind::kProtocol, "MCP server '" + name_ +
                                              "' ended its event stream without answering '" +
                                              request.method + "'."};
}

// The stream of a request's answer ended without the response (a server that closes streams to
// free connections, SEP-1699, or a dropped connection): when its events had ids, the server can
// replay what follows the last one on a GET carrying Last-Event-ID, after its `retry:` delay.
// Fails when a GET fails or time runs out; nullopt otherwise (answered, nothing to resume, a
// server that answers the GET 405, or resumed streams that stopped bringing anything).
McpCheck HttpTransport::resume(const OutgoingRequest& request, AnswerReader& reader,
                               double deadline) {
  int fruitless = 0;
  while (!reader.answered() && !reader.last_event_id().empty() &&
         fruitless < kMaxFruitlessResumptions) {
    const double wait_s =
        static_cast<double>(reader.retry_ms().value_or(kDefaultSseRetryMs)) / 1000;
    if (clock_.now() + wait_s >= deadline) {
      return McpFailure{ErrorKind::kTimeout, "MCP server '" + name_ +
                                                 "' timed out before resuming its answer to '" +
                                                 request.method + "'."};
    }
    if (std::optional<rapidjson::Document> listened = listened_response(request.id, wait_s)) {
      reader.take_answer_from_elsewhere(std::move(*listened));
      return std::nullopt;
    }
    spdlog::debug("MCP server '{}': resuming the stream of '{}' after event '{}'", name_,
                  request.method, reader.last_event_id());
    http::HttpRequest get = make_request("GET", "", deadline - clock_.now(), Delivery::kOnce);
    get.headers.emplace_back("Last-Event-ID", reader.last_event_id());
    const size_t before = reader.messages_read();
    reader.begin_resumed_stream();
    McpOutcome<http::HttpResponse> resumed = exchange(std::move(get), &reader, true);
    if (!resumed) return std::move(resumed).error();
    if (resumed->status == 405) break;  // the server does not resume streams
    fruitless = reader.messages_read() > before ? 0 : fruitless + 1;
  }
  return std::nullopt;
}

// A message in the answer's stream that is not the answer: a request is replied to at once (on a
// POST of its own, while this request's stream stays open), a notification is reported.
void HttpTransport::handle_other_message(const OutgoingRequest& request, const Message& message,
                                         double deadline) {
  switch (message.kind) {
    case MessageKind::kRequest: {
      ServerRequestReply reply =
          reply_to_server_request(message, capabilities_ ? &*capabilities_ : nullptr);
      spdlog::debug("MCP server '{}' asked '{}'; {}", name_, message.method(),
                    reply.offered ? "answered" : "kosmo does not offer it (-32601)");
      const double time_left = std::max(deadline - clock_.now(), kCancelTimeoutSeconds);
      McpOutcome<http::HttpResponse> sent = post(reply.text, time_left);
      if (!sent) {
        spdlog::warn("MCP server '{}': could not answer its '{}': {}", name_, message.method(),
                     sent.error().message);
      }
      break;
    }
    case MessageKind::kNotification:
      if (reports_progress(message, request.progress_token)) {
        log_progress(name_, message, redactor_);
      } else {
        spdlog::debug("MCP server '{}' sent {}", name_, message.method());
      }
      notified(message.method());
      break;
    default:
      spdlog::debug("MCP server '{}' sent a message that is not the answer to '{}'; skipped", name_,
                    request.method);
      break;
  }
}

// A dropped connection is not a cancellation in Streamable HTTP: the server keeps working on the
// request unless told. Best effort, with a short budget of its own.
void HttpTransport::cancel(const OutgoingRequest& request) {
  rapidjson::Document params(rapidjson::kObjectType);
  params.AddMember("requestId", request.id, params.GetAllocator());
  params.AddMember("reason", "Timed out", params.GetAllocator());
  McpOutcome<http::HttpResponse> sent =
      post(notification_message("notifications/cancelled", &params), kCancelTimeoutSeconds,
           Delivery::kOnce);
  if (!sent) {
    spdlog::debug("MCP server '{}': notifications/cancelled failed: {}", name_,
                  sent.error().message);
  }
}

McpCheck HttpTransport::notify(const std::string& text, double timeout_s) {
  McpOutcome<http::HttpResponse> sent = post(text, timeout_s);
  if (!sent) return std::move(sent).error();
  return std::nullopt;
}

void HttpTransport::initialized() {
  if (!listen_ || closed_) return;
  http::HttpRequest get = make_request("GET", "", 0, Delivery::kOnce);
  get.connect_timeout_s = kConnectTimeoutSeconds;
  listen_stream_ = std::make_unique<ListenStream>(
      name_, std::move(get), make_request("POST", "", kListenReplyTimeoutSeconds, Delivery::kOnce),
      capabilities_);
  listen_stream_->wait_until_listening(kListenSetupSeconds);
}

std::optional<rapidjson::Document> HttpTransport::listened_response(int64_t id, double wait_s) {
  if (listen_stream_) return listen_stream_->wait_for_response(id, wait_s);
  if (wait_s > 0) clock_.sleep(wait_s);
  return std::nullopt;
}

McpCheck HttpTransport::poll_messages() {
  report_listened_notifications();
  return std::nullopt;
}

void HttpTransport::report_listened_notifications() {
  if (!listen_stream_) return;
  for (const std::string& method : listen_stream_->take_notifications()) notified(method);
}

void HttpTransport::capture_session(const http::HttpResponse& response) {
  std::string id = response.header("mcp-session-id");
  if (id.empty()) return;  // a stateless server
  if (!visible_ascii(id)) {
    spdlog::warn("MCP server '{}' sent an invalid MCP-Session-Id; continuing without a session",
                 name_);
    return;
  }
  session_id_ = id;
}

McpOutcome<rapidjson::Document> HttpTransport::response_to(
    const OutgoingRequest& request, const http::HttpResponse& response) const {
  const std::string what = "MCP server '" + name_ + "' ";
  if (response.body.empty()) {
    return McpFailure{ErrorKind::kProtocol, what + "sent no response to '" + request.method + "'."};
  }
  Message message = parse_message(response.body);
  if (message.responds_to(request.id)) return std::move(message.document);
  // A batch (allowed by the 2025-03-26 revision only): look for ours inside.
  if (message.document.IsArray()) {
    for (const auto& item : message.document.GetArray()) {
      if (classify(item) != MessageKind::kResponse || !item.HasMember("id") ||
          !item["id"].IsInt64() || item["id"].GetInt64() != request.id) {
        continue;
      }
      rapidjson::Document mine;
      mine.CopyFrom(item, mine.GetAllocator());
      return mine;
    }
  }
  return McpFailure{ErrorKind::kProtocol,
                    what + "did not answer '" + request.method + "' with its JSON-RPC response."};
}

void HttpTransport::close() noexcept {
  if (closed_) return;
  closed_ = true;
  // The DELETE below makes servers close the GET stream, which ends its thread at once.
  if (listen_stream_) listen_stream_->request_stop();
  delete_session();
  listen_stream_.reset();
}

void HttpTransport::delete_session() noexcept {
  if (session_id_.empty()) return;
  // The client reports failures in its result; an exception here (out of memory, libcurl
  // missing) must still not leave a destructor.
  try {
    http::HttpResult result =
        client_.send(make_request("DELETE", "", kDeleteTimeoutSeconds, Delivery::kOnce));
    spdlog::debug("MCP server '{}': session deleted (HTTP {})", name_, result.response.status);
  } catch (const std::exception& error) {
    spdlog::debug("MCP server '{}': could not delete the session: {}", name_, error.what());
  }
}

}  // namespace kosmo::mcp
