#include "lib/lua/output_sink.h"

namespace kosmo::lua {

bool OutputSink::append_line(std::string_view line) {
  std::lock_guard lock(mutex_);
  const size_t separator = lines_ > 0 ? 1 : 0;
  if (text_.size() + separator + line.size() > limit_) return false;
  if (separator) text_.push_back('\n');
  text_.append(line);
  ++lines_;
  return true;
}

std::string OutputSink::text() const {
  std::lock_guard lock(mutex_);
  return text_;
}

std::string OutputSink::take() {
  std::lock_guard lock(mutex_);
  std::string out;
  out.swap(text_);
  lines_ = 0;
  return out;
}

}  // namespace kosmo::lua
