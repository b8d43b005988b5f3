#pragma once
// Collects what print()/dump() produce, one entry per call, up to a byte cap. Only the sandbox's
// thread uses it (the last resort writes no output); the uncontended lock keeps it thread-safe.
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>

namespace kosmo::lua {

class OutputSink {
 public:
  explicit OutputSink(size_t limit_bytes) : limit_(limit_bytes) {}

  // Appends one line. Returns false (and stores nothing) when the cap would be exceeded.
  bool append_line(std::string_view line);
  // Lines joined with "\n".
  std::string text() const;
  size_t limit() const { return limit_; }
  // For the REPL: hands out what was printed since the last call.
  std::string take();

 private:
  mutable std::mutex mutex_;
  std::string text_;
  size_t lines_ = 0;
  size_t limit_;
};

}  // namespace kosmo::lua
