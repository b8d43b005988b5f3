#pragma once
// Reads a server's stderr on a thread of its own for the server's whole life. Continuously,
// because a server that logs more than a pipe holds (64 KiB) while kosmo is busy in Lua would
// otherwise block on its next write and never answer. Each line goes to the log (info level,
// "[mcp:<server>] ...", stderr of kosmo, never stdout); the last few KiB are kept for the message
// shown when the server dies. Logged lines are redacted with a copy of the run's redactor taken
// when the server starts: the drain thread must not read the run's own Redactor, which the Lua
// thread may be adding to, and the secrets a server could print (those of its entry) are
// registered before it starts.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "lib/http/redactor.h"

namespace kosmo::mcp {

inline constexpr size_t kStderrTailBytes = 4096;

class StderrDrain {
 public:
  // Does not own `fd`; it must stay open until stop() returns.
  StderrDrain(int fd, std::string server_name, http::Redactor redactor = {},
              size_t tail_bytes = kStderrTailBytes);
  ~StderrDrain();  // stop(0)
  StderrDrain(const StderrDrain&) = delete;
  StderrDrain& operator=(const StderrDrain&) = delete;

  // Waits up to `timeout` for end of file (every writer closed the pipe); returns whether it came.
  bool wait_for_eof(std::chrono::milliseconds timeout);
  // Waits up to `linger` for end of file so a dying server's last words are kept, then stops
  // the thread. Idempotent.
  void stop(std::chrono::milliseconds linger);
  // The last bytes written, whitespace-trimmed; "..." marks a cut at the front.
  std::string tail() const;

 private:
  void run(int fd);
  void take(std::string_view bytes);
  void log_line(std::string_view line) const;

  std::string name_;
  const http::Redactor redactor_;
  size_t tail_limit_;
  int wake_[2] = {-1, -1};  // written to by stop() to end the thread's poll
  mutable std::mutex mutex_;
  std::condition_variable eof_seen_;
  bool eof_ = false;
  std::atomic<bool> stopping_{false};
  std::string tail_;
  bool tail_cut_ = false;
  std::string partial_line_;  // only touched by the thread
  std::thread thread_;
};

}  // namespace kosmo::mcp
