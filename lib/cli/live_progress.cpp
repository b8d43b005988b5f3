#include "lib/cli/live_progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "lib/cli/json_log_formatter.h"
#include "lib/cli/stderr_lines.h"

namespace kosmo::cli {
namespace {

using SteadyClock = std::chrono::steady_clock;

// Often enough for the elapsed time to look alive, rarely enough to cost nothing. The first
// draw waits as long, so a run that ends quickly never flashes a status line.
constexpr auto kRefreshInterval = std::chrono::milliseconds(250);
constexpr size_t kDefaultColumns = 80;

std::string seconds_text(SteadyClock::duration elapsed) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", std::chrono::duration<double>(elapsed).count());
  return text;
}

// Columns of the terminal on stderr; a line as long as the terminal is wide would wrap, and a
// wrapped status line can no longer be erased in place.
size_t terminal_columns() {
  struct winsize size {};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return kDefaultColumns;
}

// `text` cut to `width` bytes, never inside a UTF-8 sequence.
std::string fit(std::string text, size_t width) {
  if (text.size() <= width) return text;
  size_t cut = width;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  return text;
}

}  // namespace

ProgressChoice choose_progress(const ProgressSituation& situation) {
  ProgressChoice choice;
  if (situation.repl) return choice;
  choice.stream_prints = situation.progress_flag ||
                         (situation.json && situation.stderr_terminal && !situation.log.quiet);
  const bool dumb = situation.term != nullptr && std::strcmp(situation.term, "dumb") == 0;
  choice.status_line = situation.stderr_terminal && !dumb && !situation.log.quiet &&
                       situation.log.format == LogFormat::kText;
  return choice;
}

LiveProgress::LiveProgress(ProgressChoice choice, const LogSettings& log,
                           const http::Redactor& redactor)
    : choice_(choice), log_(log), redactor_(redactor), started_(SteadyClock::now()) {
  if (choice_.status_line) refresher_ = std::thread([this] { refresh_until_stopped(); });
}

LiveProgress::~LiveProgress() { stop(); }

void LiveProgress::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (refresher_.joinable()) refresher_.join();
  if (choice_.status_line) stderr_lines().end_status();
}

void LiveProgress::printed(std::string_view line) {
  if (!choice_.stream_prints) return;
  const std::string shown = redactor_.empty() ? std::string(line) : redactor_.redact(line);
  if (log_.format == LogFormat::kJson) {
    const log::Fields fields{log::Field::text("event", "print")};
    stderr_lines().write(json_log_line(std::chrono::system_clock::now(), "info", shown, &fields));
  } else {
    stderr_lines().write(shown + "\n");
  }
}

void LiveProgress::call_started(const std::string& path) {
  std::lock_guard lock(mutex_);
  current_call_ = "app." + path;
  current_started_ = SteadyClock::now();
}

void LiveProgress::call_finished(const std::string& path) {
  std::lock_guard lock(mutex_);
  ++calls_done_;
  current_call_.clear();
}

std::string LiveProgress::status_text(SteadyClock::time_point now) const {
  std::lock_guard lock(mutex_);
  std::string text = "kosmo: " + seconds_text(now - started_) + ", " +
                     std::to_string(calls_done_) + (calls_done_ == 1 ? " call" : " calls");
  if (!current_call_.empty()) {
    text += ", in " + current_call_ + " for " + seconds_text(now - current_started_);
  }
  return text;
}

void LiveProgress::draw(SteadyClock::time_point now) {
  std::string line = fit(status_text(now), terminal_columns() - 1);
  // Dim, so the status reads as chrome rather than output; plain under NO_COLOR.
  if (log_.colour) line = "\x1b[2m" + line + "\x1b[0m";
  stderr_lines().show_status(line);
}

void LiveProgress::refresh_until_stopped() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, kRefreshInterval, [this] { return stopping_; })) {
    lock.unlock();
    draw(SteadyClock::now());
    lock.lock();
  }
}

}  // namespace kosmo::cli
