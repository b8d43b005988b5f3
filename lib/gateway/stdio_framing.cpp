#include "lib/gateway/stdio_framing.h"

namespace kosmo::gateway {

void StdioFraming::append(std::string_view bytes) {
  if (skipping_) {
    size_t newline = bytes.find('\n');
    if (newline == std::string_view::npos) return;  // still inside the oversized line
    skipping_ = false;
    bytes.remove_prefix(newline + 1);
  }
  if (start_ > 0 && start_ >= buffer_.size() / 2) {  // reclaim what was returned
    buffer_.erase(0, start_);
    scanned_ -= start_;
    start_ = 0;
  }
  buffer_.append(bytes);
}

void StdioFraming::finish() { finished_ = true; }

std::optional<FramedLine> StdioFraming::next() {
  if (!skipping_) {
    size_t newline = buffer_.find('\n', scanned_);
    if (newline != std::string::npos && newline - start_ <= max_) {
      FramedLine line;
      size_t end = newline;
      if (end > start_ && buffer_[end - 1] == '\r') --end;
      line.text = buffer_.substr(start_, end - start_);
      start_ = newline + 1;
      scanned_ = start_;
      return line;
    }
    if (newline != std::string::npos) {  // complete but too long: drop it, keep what follows
      buffer_.erase(0, newline + 1);
      start_ = scanned_ = 0;
      return FramedLine{{}, true};
    }
    if (buffer_.size() - start_ > max_) {  // too long already: drop it, skip to its newline
      buffer_.clear();
      start_ = scanned_ = 0;
      skipping_ = true;
      return FramedLine{{}, true};
    }
    scanned_ = buffer_.size();
    if (finished_ && start_ < buffer_.size()) {
      FramedLine line{buffer_.substr(start_), false};
      buffer_.clear();
      start_ = scanned_ = 0;
      return line;
    }
  }
  return std::nullopt;
}

}  // namespace kosmo::gateway
