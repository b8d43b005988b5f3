#include "lib/gateway/http_request_parser.h"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace kosmo::gateway {
namespace {

// RFC 9110 §5.6.2 tchar: what method names and header field names are made of.
bool is_token_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_token_char);
}

// Visible ASCII and obs-text: what a request target may hold here (no spaces, no controls).
bool is_target_char(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte > 0x20 && byte != 0x7F;
}

// Field values: visible characters, spaces, tabs and obs-text; never CR, LF or NUL.
bool is_value_char(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte == '\t' || (byte >= 0x20 && byte != 0x7F);
}

std::string_view trim_ows(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// A Content-Length value: digits only, at most 18 of them (no overflow).
bool parse_length(std::string_view text, size_t& length) {
  if (text.empty() || text.size() > 18) return false;
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  length = static_cast<size_t>(value);
  return true;
}

}  // namespace

HttpRequestParser::State HttpRequestParser::feed(std::string_view bytes) {
  if (state_ != State::kIncomplete) return state_;
  buffer_.append(bytes);
  return parse();
}

HttpRequestParser::State HttpRequestParser::next() {
  if (state_ == State::kFailed) return state_;
  request_ = HttpRequest{};
  in_body_ = false;
  body_length_ = 0;
  scanned_ = 0;
  state_ = State::kIncomplete;
  return parse();
}

HttpRequestParser::State HttpRequestParser::parse() {
  if (!in_body_) {
    // RFC 9112 §2.2: empty lines before a request line are ignored.
    size_t skip = 0;
    while (skip + 1 < buffer_.size() && buffer_[skip] == '\r' && buffer_[skip + 1] == '\n') {
      skip += 2;
    }
    if (skip > 0) {
      buffer_.erase(0, skip);
      scanned_ = 0;
    }
    const size_t from = scanned_ >= 3 ? scanned_ - 3 : 0;
    const size_t end = buffer_.find("\r\n\r\n", from);
    if (end == std::string::npos) {
      scanned_ = buffer_.size();
      if (buffer_.size() > kMaxHeadBytes) return fail(431, "request head too large");
      return state_;
    }
    if (end + 4 > kMaxHeadBytes) return fail(431, "request head too large");
    const State head = parse_head(std::string_view(buffer_).substr(0, end));
    if (head == State::kFailed) return head;
    buffer_.erase(0, end + 4);
    in_body_ = true;
    const State framing = body_framing();
    if (framing == State::kFailed) return framing;
  }
  if (buffer_.size() < body_length_) return state_;
  request_.body.assign(buffer_, 0, body_length_);
  buffer_.erase(0, body_length_);
  in_body_ = false;
  state_ = State::kComplete;
  return state_;
}

HttpRequestParser::State HttpRequestParser::parse_head(std::string_view head) {
  size_t line_end = head.find("\r\n");
  if (!parse_request_line(head.substr(0, line_end))) return state_;
  while (line_end != std::string_view::npos) {
    head.remove_prefix(line_end + 2);
    line_end = head.find("\r\n");
    if (!parse_header_line(head.substr(0, line_end))) return state_;
  }
  if (request_.minor_version == 1 && request_.header("Host") == nullptr) {
    return fail(400, "missing Host header");
  }
  return state_;
}

bool HttpRequestParser::parse_request_line(std::string_view line) {
  const size_t first_space = line.find(' ');
  const size_t last_space = line.rfind(' ');
  if (first_space == std::string_view::npos || first_space == last_space) {
    fail(400, "malformed request line");
    return false;
  }
  const std::string_view method = line.substr(0, first_space);
  const std::string_view target = line.substr(first_space + 1, last_space - first_space - 1);
  const std::string_view version = line.substr(last_space + 1);
  if (!is_token(method) || target.empty() ||
      !std::all_of(target.begin(), target.end(), is_target_char)) {
    fail(400, "malformed request line");
    return false;
  }
  if (version == "HTTP/1.1" || version == "HTTP/1.0") {
    request_.minor_version = version.back() - '0';
  } else if (version.size() == 8 && version.substr(0, 5) == "HTTP/" && version[6] == '.') {
    fail(505, "HTTP version not supported");
    return false;
  } else {
    fail(400, "malformed request line");
    return false;
  }
  if (target.front() != '/' && !(target == "*" && method == "OPTIONS")) {
    fail(400, "request target must be a path");
    return false;
  }
  request_.method = std::string(method);
  request_.target = std::string(target);
  return true;
}

bool HttpRequestParser::parse_header_line(std::string_view line) {
  // A line starting with whitespace is obsolete line folding (RFC 9112 §5.2), refused; so is
  // whitespace between the name and the colon (§5.1), a classic smuggling vector.
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) {
    fail(400, "malformed header field");
    return false;
  }
  const std::string_view value = trim_ows(line.substr(colon + 1));
  if (!std::all_of(value.begin(), value.end(), is_value_char)) {
    fail(400, "malformed header field");
    return false;
  }
  request_.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  return true;
}

HttpRequestParser::State HttpRequestParser::body_framing() {
  if (const std::string* coding = request_.header("Transfer-Encoding")) {
    if (list_has_token(*coding, "chunked")) return fail(411, "chunked request bodies are not accepted; send Content-Length");
    return fail(501, "unsupported transfer coding");
  }
  bool seen = false;
  for (const auto& field : request_.headers) {
    if (!equals_ignore_case(field.first, "Content-Length")) continue;
    size_t length = 0;
    if (!parse_length(field.second, length) || (seen && length != body_length_)) {
      return fail(400, "invalid Content-Length");
    }
    seen = true;
    body_length_ = length;
  }
  if (body_length_ > max_body_bytes_) return fail(413, "request body too large");
  return state_;
}

HttpRequestParser::State HttpRequestParser::fail(int status, std::string reason) {
  state_ = State::kFailed;
  error_status_ = status;
  error_reason_ = std::move(reason);
  buffer_.clear();
  return state_;
}

}  // namespace kosmo::gateway
