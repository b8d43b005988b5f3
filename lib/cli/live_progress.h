#pragma once
// Watching a long run from the outside (issue #16, "live progress"):
// * print() and dump() lines go to stderr as they happen, while stdout keeps the envelope whole
//   (the envelope's `output` is unchanged); with --log-format json each is a JSON line with
//   "event": "print";
// * on a terminal, one status line (elapsed time, calls made, the call in progress) is redrawn
//   in place below everything else on stderr and erased when the run ends.
// Both go through stderr_lines(), as log records do, so they never interleave mid-line.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "lib/cli/logging.h"
#include "lib/http/redactor.h"
#include "lib/lua/run_observer.h"

namespace kosmo::cli {

struct ProgressChoice {
  bool stream_prints = false;
  bool status_line = false;
  bool any() const { return stream_prints || status_line; }
};

struct ProgressSituation {
  bool progress_flag = false;    // --progress
  bool json = false;             // --json: stdout carries the envelope
  bool repl = false;             // the REPL prints as it goes and owns the terminal
  bool stderr_terminal = false;  // isatty(2)
  const char* term = nullptr;    // $TERM
  LogSettings log;
};

// Prints stream with --progress, or with --json when stderr is a terminal (not with --quiet);
// the status line needs a terminal that understands "erase line" (not TERM=dumb), text logs
// and no --quiet. Never in the REPL.
ProgressChoice choose_progress(const ProgressSituation& situation);

class LiveProgress final : public lua::RunObserver {
 public:
  // `redactor` is borrowed: printed lines are redacted before they reach stderr.
  LiveProgress(ProgressChoice choice, const LogSettings& log, const http::Redactor& redactor);
  ~LiveProgress() override;
  LiveProgress(const LiveProgress&) = delete;
  LiveProgress& operator=(const LiveProgress&) = delete;

  void printed(std::string_view line) override;
  void call_started(const std::string& path) override;
  void call_finished(const std::string& path) override;

  // Erases the status line for good; call before the run is reported. Idempotent.
  void stop();
  const ProgressChoice& choice() const { return choice_; }

  // The status text at `now` (no colour, not cut to the terminal's width), for tests.
  std::string status_text(std::chrono::steady_clock::time_point now) const;

 private:
  void refresh_until_stopped();
  void draw(std::chrono::steady_clock::time_point now);

  const ProgressChoice choice_;
  const LogSettings log_;
  const http::Redactor& redactor_;
  const std::chrono::steady_clock::time_point started_;

  mutable std::mutex mutex_;  // the fields below, read by the refresh thread
  std::condition_variable wake_;
  bool stopping_ = false;
  long calls_done_ = 0;
  std::string current_call_;
  std::chrono::steady_clock::time_point current_started_;
  std::thread refresher_;
};

}  // namespace kosmo::cli
