#include "lib/cli/stderr_lines.h"

#include <unistd.h>

#include <cerrno>

namespace kosmo::cli {
namespace {

// Back to column 0, then erase to the end of the line (ECMA-48 EL 0).
constexpr std::string_view kEraseLine = "\r\x1b[K";

}  // namespace

void write_stderr_fully(std::string_view text) {
  while (!text.empty()) {
    const ssize_t written = ::write(STDERR_FILENO, text.data(), text.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return;
    text.remove_prefix(static_cast<size_t>(written));
  }
}

void StderrLines::erase_locked() {
  if (status_.empty()) return;
  write_stderr_fully(kEraseLine);
  status_.clear();
  shown_ = false;
}

void StderrLines::write(std::string_view text) {
  write_above([text] { write_stderr_fully(text); });
}

void StderrLines::write_above(const std::function<void()>& writer) {
  std::lock_guard lock(mutex_);
  if (status_.empty()) {
    writer();
    return;
  }
  const std::string shown = status_;
  erase_locked();
  writer();
  write_stderr_fully(shown);
  status_ = shown;
  shown_ = true;
}

void StderrLines::show_status(std::string_view status) {
  std::lock_guard lock(mutex_);
  if (ended_) return;
  if (status.empty()) {
    erase_locked();
    return;
  }
  std::string line(kEraseLine);
  line.append(status);
  write_stderr_fully(line);
  status_ = std::string(status);
  shown_ = true;
}

void StderrLines::clear_status() {
  std::lock_guard lock(mutex_);
  erase_locked();
}

void StderrLines::end_status() {
  std::lock_guard lock(mutex_);
  erase_locked();
  ended_ = true;
}

void StderrLines::end_status_in_signal_handler() {
  ended_ = true;
  if (shown_.exchange(false)) write_stderr_fully(kEraseLine);
}

StderrLines& stderr_lines() {
  static StderrLines lines;
  return lines;
}

}  // namespace kosmo::cli
