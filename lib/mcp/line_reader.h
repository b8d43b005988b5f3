#pragma once
// Newline-delimited framing for stdio: bytes arrive in arbitrary pieces (a message may span many
// reads, a read may hold many messages); lines come out whole. The reference parsed each read as
// a message and failed on large or slow replies; this keeps a byte buffer instead.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace kosmo::mcp {

// Larger than any result a script can hold (the Lua heap defaults to 32 MiB), small enough that
// a server streaming garbage without newlines cannot exhaust memory.
inline constexpr size_t kMaxMessageBytes = 64u << 20;

class LineReader {
 public:
  explicit LineReader(size_t max_line_bytes = kMaxMessageBytes) : max_line_(max_line_bytes) {}

  void append(std::string_view bytes);

  // The next complete line without its "\n" and without a trailing "\r"; nullopt when no
  // complete line is buffered. Empty lines are returned too (callers skip them).
  std::optional<std::string> next_line();

  // True when the unfinished line already exceeds the limit: the stream is unusable.
  bool overflowed() const { return buffer_.size() - start_ > max_line_; }
  size_t buffered_bytes() const { return buffer_.size() - start_; }

 private:
  std::string buffer_;
  size_t start_ = 0;    // first byte not yet returned
  size_t scanned_ = 0;  // bytes before this index hold no '\n' (after start_): no rescans
  size_t max_line_;
};

}  // namespace kosmo::mcp
