#pragma once
// The one writer of stderr while a run may show a live status line (live_progress.h): log
// records, streamed print() lines and the status line itself all go through here, so a line
// never lands in the middle of the status line and the status line is redrawn below it.
//
// The status line is drawn without a newline ("\r" + text + erase to end of line) and erased
// the same way, so nothing of it is left once it is cleared. After end_status() it is never
// drawn again: the run is being reported, and the report must be the last thing on screen.
#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace kosmo::cli {

class StderrLines {
 public:
  // Writes `text` (whole lines) to fd 2, above the status line when one is shown.
  void write(std::string_view text);
  // Runs `writer` (which writes whole lines to stderr its own way, as spdlog's colour sink does)
  // with the status line erased, then redraws it.
  void write_above(const std::function<void()>& writer);
  // Shows `status` (one line, no newline) in place of the previous one; "" erases it.
  void show_status(std::string_view status);
  // Erases the status line, if shown; later show_status() calls draw it again.
  void clear_status();
  // Erases it for good: show_status() does nothing from now on.
  void end_status();
  // end_status() for a signal handler (the last resort, last_resort_envelope.h): one write(2)
  // and no lock, so a redraw racing with it may leave the line drawn; the process exits next.
  void end_status_in_signal_handler();

 private:
  void erase_locked();

  std::mutex mutex_;
  std::string status_;  // what is on screen now; empty when nothing is
  // Whether status_ is on screen, and whether drawing has ended: atomics, so that the signal
  // handler may read and set them without the lock.
  std::atomic<bool> shown_{false};
  std::atomic<bool> ended_{false};
};

// The process's stderr writer.
StderrLines& stderr_lines();

// Writes all of `text` to fd 2, retrying short writes; gives up silently on errors (stderr is
// where failures would be reported).
void write_stderr_fully(std::string_view text);

}  // namespace kosmo::cli
