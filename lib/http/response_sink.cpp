#include "lib/http/response_sink.h"

#include <algorithm>
#include <charconv>
#include <exception>

namespace kosmo::http {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Plain loops: find_first_not_of with a set of four calls memchr over the set once per byte, and
// this runs over both halves of every header line of every response.
std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// Responses carry a handful of header lines; room for them from the first, not by doubling.
constexpr size_t kUsualHeaderCount = 16;

// "HTTP/1.1 200 OK" -> 200; 0 when the line has no three-digit code.
int status_code(std::string_view status_line) {
  size_t space = status_line.find(' ');
  if (space == std::string_view::npos) return 0;
  std::string_view rest = status_line.substr(space + 1);
  int code = 0;
  auto [end, error] =
      std::from_chars(rest.data(), rest.data() + std::min<size_t>(rest.size(), 3), code);
  return error == std::errc() && end == rest.data() + 3 ? code : 0;
}

}  // namespace

void ResponseSink::add_header_line(std::string_view line) {
  if (line.starts_with("HTTP/")) {
    response_.headers.clear();
    response_.headers.reserve(kUsualHeaderCount);
    response_.status = status_code(line);  // known before the body, for a reader
    return;
  }
  if (trim(line).empty()) {
    // The head is complete: a reader hears of it before any body (a stream may send none for a
    // while).
    call_reader({});
    return;
  }
  // obs-fold: a line starting with white space continues the previous header's value.
  if ((line[0] == ' ' || line[0] == '\t') && !response_.headers.empty()) {
    std::string& value = response_.headers.back().second;
    value.append(" ").append(trim(line));
    return;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return;
  std::string name = lower_ascii(trim(line.substr(0, colon)));
  std::string_view value = trim(line.substr(colon + 1));
  if (name == "content-length" && !reserve_for(value)) too_large_ = true;
  response_.headers.emplace_back(std::move(name), std::string(value));
}

bool ResponseSink::reserve_for(std::string_view content_length) {
  size_t length = 0;
  auto [end, error] =
      std::from_chars(content_length.data(), content_length.data() + content_length.size(), length);
  if (!expects_body_ || error != std::errc() ||
      end != content_length.data() + content_length.size()) {
    return true;
  }
  if (!within_limit(length)) return false;
  response_.body.reserve(std::min(length, kMaxBodyReservation));
  return true;
}

bool ResponseSink::add_body(std::string_view chunk) {
  if (!within_limit(response_.body.size() + chunk.size())) {
    too_large_ = true;
    return false;
  }
  response_.body.append(chunk);
  return call_reader(chunk);
}

bool ResponseSink::call_reader(std::string_view piece) {
  if (reader_ == nullptr || response_.status < 200 || response_.status >= 300) return true;
  try {
    if (!(*reader_)(response_, piece)) stopped_by_reader_ = true;
  } catch (...) {
    reader_error_ = std::current_exception();
  }
  body_read_ = response_.body.size();
  return !stopped_by_reader_ && !reader_error_;
}

bool ResponseSink::idle_too_long(long long moved) {
  if (idle_timeout_s_ <= 0) return false;
  const auto now = std::chrono::steady_clock::now();
  if (moved != moved_) {
    moved_ = moved;
    moved_at_ = now;
    return false;
  }
  idle_timed_out_ = now - moved_at_ >= std::chrono::duration<double>(idle_timeout_s_);
  return idle_timed_out_;
}

size_t ResponseSink::on_header(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<ResponseSink*>(user);
  try {
    sink->add_header_line(std::string_view(data, size * count));
  } catch (const std::exception&) {  // bad_alloc or length_error
    sink->out_of_memory_ = true;
    return 0;
  }
  const bool abort = sink->too_large_ || sink->stopped_by_reader_ || sink->reader_error_;
  return abort ? 0 : size * count;
}

size_t ResponseSink::on_body(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<ResponseSink*>(user);
  try {
    if (!sink->add_body(std::string_view(data, size * count))) return 0;
  } catch (const std::exception&) {  // bad_alloc or length_error
    sink->out_of_memory_ = true;
    return 0;
  }
  return size * count;
}

}  // namespace kosmo::http
