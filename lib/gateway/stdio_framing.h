#pragma once
// Newline-delimited messages from an untrusted client, with a bound: a line longer than the
// limit is never held whole. Its first bytes are dropped as soon as it passes the limit, the rest
// is skipped up to its newline, and it comes out once as `oversized` so the server can refuse it
// and go on with the next message (mcp::LineReader, made for servers kosmo starts itself, treats
// an overflow as the end of the stream instead).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace kosmo::gateway {

// Larger than any request an agent sends (tool arguments), the same bound as an HTTP body.
inline constexpr size_t kMaxClientMessageBytes = 16u << 20;

struct FramedLine {
  std::string text;  // without "\n" and a trailing "\r"; empty when oversized
  bool oversized = false;
};

class StdioFraming {
 public:
  explicit StdioFraming(size_t max_bytes = kMaxClientMessageBytes) : max_(max_bytes) {}

  void append(std::string_view bytes);
  // The input ended: an unfinished last line counts as a line.
  void finish();
  std::optional<FramedLine> next();
  size_t max_bytes() const { return max_; }
  size_t buffered_bytes() const { return buffer_.size() - start_; }

 private:
  std::string buffer_;
  size_t start_ = 0;
  size_t scanned_ = 0;    // bytes from start_ known to hold no '\n'
  bool skipping_ = false;  // inside an oversized line, dropping up to its newline
  bool finished_ = false;
  size_t max_;
};

}  // namespace kosmo::gateway
