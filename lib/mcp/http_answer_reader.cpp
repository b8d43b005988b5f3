#include "lib/mcp/http_answer_reader.h"

#include <utility>

namespace kosmo::mcp {

AnswerReader::AnswerReader(int64_t request_id, MessageHandler on_other_message)
    : request_id_(request_id), on_other_message_(std::move(on_other_message)) {}

bool AnswerReader::read(const http::HttpResponse& head, std::string_view piece) {
  if (piece.empty()) return true;  // the head alone (the type is judged with the first bytes)
  if (event_stream_ == Stream::kUnknown) {
    const bool events = http::lower_ascii(head.header("content-type")).find("text/event-stream") !=
                        std::string::npos;
    event_stream_ = events ? Stream::kEvents : Stream::kOther;
  }
  if (event_stream_ == Stream::kEvents) consume(piece);
  return !answered();
}

void AnswerReader::finish(const http::HttpResponse& response, size_t body_read) {
  if (answered()) return;
  if (body_read < response.body.size()) {
    read(response, std::string_view(response.body).substr(body_read));
  }
  if (event_stream_ != Stream::kEvents || answered()) return;
  parser_.finish();
  take_events();
}

void AnswerReader::begin_resumed_stream() {
  event_stream_ = Stream::kUnknown;
  parser_ = SseParser();
}

void AnswerReader::consume(std::string_view piece) {
  parser_.feed(piece);
  take_events();
}

void AnswerReader::take_events() {
  if (!parser_.last_event_id().empty()) last_event_id_ = parser_.last_event_id();
  if (parser_.retry_ms()) retry_ms_ = parser_.retry_ms();
  for (SseEvent& event : parser_.take_events()) {
    if (answered()) return;  // anything after the response is not for this request
    ++messages_read_;
    Message message = parse_message(event.data);
    if (message.responds_to(request_id_)) {
      response_ = std::move(message.document);
    } else {
      on_other_message_(message);
    }
  }
}

}  // namespace kosmo::mcp
