#pragma once
// The bytes of the gateway server's responses. Plain responses carry a Content-Length, so the
// connection stays open for the next request. Event streams use chunked transfer coding: a POST
// answered with a stream still leaves the connection reusable once the stream ends, and the end
// of a stream is explicit (the zero-length chunk), not a closed socket a client could mistake
// for a network failure.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kosmo::gateway {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  int status = 200;
  HttpHeaders headers;  // besides Content-Length and Connection, which are added
  std::string body;
  bool close = false;   // "Connection: close", and the connection ends after it
};

std::string_view status_reason(int status);

// Status line, headers, Content-Length, Connection, blank line, body.
std::string serialize_response(const HttpResponse& response);

// The head of a text/event-stream response (chunked; no Content-Length).
std::string event_stream_head(int status, const HttpHeaders& headers);
// One chunk of a chunked body; an empty `data` gives nothing (the empty chunk ends the body).
std::string chunk(std::string_view data);
inline constexpr std::string_view kLastChunk = "0\r\n\r\n";

// An SSE event "event: message" whose data is `json`. A JSON text may hold line breaks between
// its tokens: each line becomes its own "data:" field, which the client joins again with "\n".
std::string sse_message_event(std::string_view json);
// An SSE comment (": text\n\n"): clients ignore it; it keeps idle proxies and sockets alive.
std::string sse_comment(std::string_view text);

}  // namespace kosmo::gateway
