#include "lib/mcp/sse_parser.h"

#include <algorithm>
#include <cctype>

namespace kosmo::mcp {

namespace {
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
}  // namespace

void SseParser::feed(std::string_view bytes) {
  // The mark may arrive split across chunks: its bytes are held back until it is whole (and
  // dropped) or turns out not to be one (and they are text).
  if (at_start_) {
    while (!bytes.empty() && mark_bytes_ < kByteOrderMark.size() &&
           bytes.front() == kByteOrderMark[mark_bytes_]) {
      ++mark_bytes_;
      bytes.remove_prefix(1);
    }
    if (bytes.empty() && mark_bytes_ < kByteOrderMark.size()) return;
    at_start_ = false;
    if (mark_bytes_ < kByteOrderMark.size()) scan(kByteOrderMark.substr(0, mark_bytes_));
  }
  scan(bytes);
}

void SseParser::scan(std::string_view bytes) {
  for (char c : bytes) {
    if (skip_lf_) {
      skip_lf_ = false;
      if (c == '\n') continue;
    }
    if (c == '\r' || c == '\n') {
      skip_lf_ = c == '\r';
      process_line(line_);
      line_.clear();
    } else {
      line_.push_back(c);
    }
  }
}

void SseParser::finish() {
  if (at_start_) {  // the stream ended inside what could have been a byte-order mark
    at_start_ = false;
    scan(kByteOrderMark.substr(0, mark_bytes_));
  }
  if (!line_.empty()) {
    process_line(line_);
    line_.clear();
  }
  dispatch();
}

std::vector<SseEvent> SseParser::take_events() {
  std::vector<SseEvent> taken;
  taken.swap(events_);
  return taken;
}

void SseParser::process_line(std::string_view line) {
  if (line.empty()) {
    dispatch();
    return;
  }
  if (line.front() == ':') return;  // a comment (keep-alives are sent this way)
  size_t colon = line.find(':');
  std::string_view field = line.substr(0, colon);
  std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
  if (value.starts_with(' ')) value.remove_prefix(1);
  if (field == "data") {
    data_.append(value);
    data_.push_back('\n');
    has_data_ = true;
  } else if (field == "event") {
    type_ = value;
  } else if (field == "id") {
    if (value.find('\0') == std::string_view::npos) last_id_ = value;
  } else if (field == "retry") {
    if (!value.empty() && value.size() <= 9 &&
        std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      retry_ms_ = std::stol(std::string(value));
    }
  }
}

void SseParser::dispatch() {
  // Unlike a browser, an event whose data is empty is dropped: for MCP it carries nothing.
  if (has_data_ && data_.size() > 1) {
    data_.pop_back();  // the "\n" after the last data line
    events_.push_back({type_.empty() ? "message" : type_, std::move(data_), last_id_});
  }
  data_.clear();
  has_data_ = false;
  type_.clear();
}

std::vector<SseEvent> parse_sse(std::string_view body) {
  SseParser parser;
  parser.feed(body);
  parser.finish();
  return parser.take_events();
}

}  // namespace kosmo::mcp
