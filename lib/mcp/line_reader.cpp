#include "lib/mcp/line_reader.h"

namespace kosmo::mcp {

void LineReader::append(std::string_view bytes) {
  // Drop consumed bytes before growing, so a long session does not keep every line it read.
  if (start_ > 0 && start_ >= buffer_.size() / 2) {
    buffer_.erase(0, start_);
    scanned_ -= start_;
    start_ = 0;
  }
  buffer_.append(bytes);
}

std::optional<std::string> LineReader::next_line() {
  size_t newline = buffer_.find('\n', scanned_ > start_ ? scanned_ : start_);
  if (newline == std::string::npos) {
    scanned_ = buffer_.size();
    return std::nullopt;
  }
  size_t end = newline;
  if (end > start_ && buffer_[end - 1] == '\r') --end;
  std::string line = buffer_.substr(start_, end - start_);
  start_ = newline + 1;
  scanned_ = start_;
  if (start_ == buffer_.size()) {
    buffer_.clear();
    start_ = scanned_ = 0;
  }
  return line;
}

}  // namespace kosmo::mcp
