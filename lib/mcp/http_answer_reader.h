#pragma once
// Reads a Streamable HTTP server's answer to one request as it arrives. A JSON body is left to
// the caller whole; an event stream is parsed event by event, and every message that is not the
// awaited response is handed over the moment it is complete: a server that asks something
// (ping, roots/list, elicitation/create) before it answers gets its reply while it waits, and
// the transfer ends as soon as the response is in, even if the server keeps the stream open.
//
// One reader serves the request's POST and then each GET that resumes its stream
// (begin_resumed_stream): the last event id and the server's retry delay carry over, so the
// next GET can send Last-Event-ID.
#include <rapidjson/document.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "lib/http/http_client.h"
#include "lib/mcp/json_rpc.h"
#include "lib/mcp/sse_parser.h"

namespace kosmo::mcp {

class AnswerReader {
 public:
  // Called with every complete message other than the response: a request the server makes, a
  // notification, or a response to something else. May send (the reply to a request).
  using MessageHandler = std::function<void(const Message& message)>;

  AnswerReader(int64_t request_id, MessageHandler on_other_message);

  // For HttpRequest::body_reader: false once the response has arrived.
  bool read(const http::HttpResponse& head, std::string_view piece);
  // After the transfer: reads the part of the body the client did not stream (all of it from a
  // client that cannot stream: a cassette, a test fake), then the end of the event stream.
  void finish(const http::HttpResponse& response, size_t body_read);
  // Before the GET that resumes the stream: a fresh event stream, same request.
  void begin_resumed_stream();

  bool answered() const { return response_.has_value(); }
  // The response arrived another way (the session's GET stream).
  void take_answer_from_elsewhere(rapidjson::Document response) { response_ = std::move(response); }
  rapidjson::Document take_response() { return std::move(*response_); }
  // Whether the last answer read was an event stream (else: JSON, for the caller to read).
  bool event_stream() const { return event_stream_ == Stream::kEvents; }
  // The id of the last event with one, over every stream read; "" when none had an id (the
  // stream cannot be resumed).
  const std::string& last_event_id() const { return last_event_id_; }
  // The server's last `retry:`, in milliseconds.
  std::optional<long> retry_ms() const { return retry_ms_; }
  // Events with a message read so far, over every stream (a resumed stream that adds none made
  // no progress).
  size_t messages_read() const { return messages_read_; }

 private:
  enum class Stream { kUnknown, kEvents, kOther };
  void consume(std::string_view piece);
  void take_events();

  int64_t request_id_;
  MessageHandler on_other_message_;
  Stream event_stream_ = Stream::kUnknown;
  SseParser parser_;
  std::optional<rapidjson::Document> response_;
  std::string last_event_id_;
  std::optional<long> retry_ms_;
  size_t messages_read_ = 0;
};

}  // namespace kosmo::mcp
