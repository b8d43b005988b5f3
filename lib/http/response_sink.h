#pragma once
// Assembles an HttpResponse from libcurl's header and body callbacks.
#include <chrono>
#include <cstddef>
#include <exception>
#include <string_view>

#include "lib/http/http_client.h"

namespace kosmo::http {

// A Content-Length is trusted for pre-allocation only up to this size, so a lying server cannot
// make one call allocate gigabytes before sending anything; larger bodies still arrive whole,
// the string just grows geometrically past this point.
inline constexpr size_t kMaxBodyReservation = size_t{256} << 20;

class ResponseSink {
 public:
  // `expects_body` is false for HEAD, whose Content-Length describes a body that never comes.
  // `max_body` (0: none) aborts a longer body as soon as it is announced or arrives.
  // `reader` (borrowed; null or empty: none) is given an empty piece when a 2xx head is complete,
  // then each piece of its body as it arrives.
  ResponseSink(bool expects_body, size_t max_body, const BodyReader* reader = nullptr)
      : expects_body_(expects_body),
        max_body_(max_body),
        reader_(reader != nullptr && *reader ? reader : nullptr) {}

  // One raw header line as libcurl delivers it (CRLF included). A status line starts a new
  // header block, so interim responses (100 Continue, a proxy's CONNECT reply) leave no trace.
  void add_header_line(std::string_view line);
  // False (nothing added) when the chunk would take the body past the limit; false too when the
  // reader asked to stop (stopped_by_reader()) or threw (reader_error()), the chunk then kept.
  bool add_body(std::string_view chunk);

  HttpResponse& response() { return response_; }
  bool out_of_memory() const { return out_of_memory_; }
  bool too_large() const { return too_large_; }
  size_t body_read() const { return body_read_; }
  bool stopped_by_reader() const { return stopped_by_reader_; }
  // What the reader threw, for the client to rethrow once libcurl has returned (an exception
  // must not cross libcurl's C frames).
  std::exception_ptr reader_error() const { return reader_error_; }

  // HttpRequest::idle_timeout_s (<= 0: none). idle_too_long(moved), given the bytes moved so far
  // in both directions, says whether they have stayed the same for longer than that; once it
  // has said so, idle_timed_out() is true.
  void set_idle_timeout(double seconds) { idle_timeout_s_ = seconds; }
  bool idle_too_long(long long moved);
  bool idle_timed_out() const { return idle_timed_out_; }

  // libcurl callbacks; `user` is the ResponseSink. They never let an exception cross into C:
  // an allocation failure aborts the transfer (CURLE_WRITE_ERROR) and sets out_of_memory(),
  // a body past the limit does the same and sets too_large().
  static size_t on_header(char* data, size_t size, size_t count, void* user);
  static size_t on_body(char* data, size_t size, size_t count, void* user);

 private:
  // Gives `piece` to the reader (for a 2xx response); false when it stopped or threw.
  bool call_reader(std::string_view piece);
  // False when the announced length is already past the limit.
  bool reserve_for(std::string_view content_length);
  bool within_limit(size_t length) const { return max_body_ == 0 || length <= max_body_; }

  bool expects_body_;
  size_t max_body_;
  bool out_of_memory_ = false;
  bool too_large_ = false;
  const BodyReader* reader_;
  size_t body_read_ = 0;
  bool stopped_by_reader_ = false;
  std::exception_ptr reader_error_;
  double idle_timeout_s_ = 0;
  long long moved_ = -1;  // bytes moved when last looked at; -1 before the first look
  std::chrono::steady_clock::time_point moved_at_;
  bool idle_timed_out_ = false;
  HttpResponse response_;
};

}  // namespace kosmo::http
