#pragma once
// Reads HTTP/1.1 requests from a byte stream that arrives in pieces (a socket), as the gateway's
// server needs them and no further: the request line, header fields, and a body delimited by
// Content-Length. A chunked request body is refused with 411 Length Required (MCP clients send
// a Content-Length; supporting chunked bodies would only add a second place where the body
// limit must hold), any other transfer coding with 501.
//
// Limits are checked as soon as they can be: a head (request line and fields) over
// kMaxHeadBytes is refused with 431 once that many bytes have arrived without its end, and a
// Content-Length above the body limit with 413 right after the head, before any body is read.
#include <cstddef>
#include <string>
#include <string_view>

#include "lib/gateway/http_request.h"

namespace kosmo::gateway {

inline constexpr size_t kMaxHeadBytes = 64u << 10;

class HttpRequestParser {
 public:
  enum class State {
    kIncomplete,  // more bytes are needed
    kComplete,    // request() holds a whole request
    kFailed,      // the stream is not a request we serve: error_status() says how to answer
  };

  explicit HttpRequestParser(size_t max_body_bytes) : max_body_bytes_(max_body_bytes) {}

  // Appends `bytes` and parses as far as they go. Bytes past the end of the current request are
  // kept for the next one (pipelining). After kComplete, call next() before feeding more.
  State feed(std::string_view bytes);
  State state() const { return state_; }

  HttpRequest& request() { return request_; }
  // 400, 411, 413, 431, 501 or 505, with a short reason for the response body.
  int error_status() const { return error_status_; }
  const std::string& error_reason() const { return error_reason_; }

  // Starts on the next request, parsing the bytes already buffered for it.
  State next();
  // Whether bytes of an unfinished request are buffered (a client that goes quiet then is slow,
  // not idle).
  bool has_partial_request() const { return !buffer_.empty() || in_body_; }

 private:
  State parse();
  State parse_head(std::string_view head);
  bool parse_request_line(std::string_view line);
  bool parse_header_line(std::string_view line);
  State body_framing();
  State fail(int status, std::string reason);

  size_t max_body_bytes_;
  State state_ = State::kIncomplete;
  std::string buffer_;
  size_t scanned_ = 0;  // where the search for the head's end resumes
  bool in_body_ = false;
  size_t body_length_ = 0;
  HttpRequest request_;
  int error_status_ = 0;
  std::string error_reason_;
};

}  // namespace kosmo::gateway
