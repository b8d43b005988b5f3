#include "e2e/case_repeat.h"

#include <cstdlib>
#include <string_view>

namespace kosmo::e2e {
namespace {

constexpr std::string_view kStart = "--- repeat ";
constexpr std::string_view kEnd = "--- end repeat";
// Enough for any depth or size a case needs; a typo such as an extra zero should not fill the
// disk.
constexpr size_t kMaxTimes = 10'000'000;

std::string Numbered(const std::string& line, size_t number) {
  std::string out;
  size_t from = 0;
  for (size_t at; (at = line.find("{i}", from)) != std::string::npos; from = at + 3) {
    out.append(line, from, at - from).append(std::to_string(number));
  }
  return out.append(line, from);
}

}  // namespace

bool RepeatLines::Add(const std::string& line, std::vector<std::string>* raw, std::string* error) {
  const std::string_view text = std::string_view(line).substr(0, line.find_last_not_of("\r") + 1);
  if (text.rfind(kStart, 0) == 0) {
    if (times_ != 0) return *error = "'--- repeat' inside a '--- repeat' block", false;
    const std::string count(text.substr(kStart.size()));
    char* end = nullptr;
    const unsigned long long times = std::strtoull(count.c_str(), &end, 10);
    if (count.empty() || *end != '\0' || times == 0 || times > kMaxTimes) {
      return *error = "'--- repeat N' needs N from 1 to " + std::to_string(kMaxTimes), false;
    }
    times_ = static_cast<size_t>(times);
    return true;
  }
  if (text == kEnd) {
    if (times_ == 0) return *error = "'--- end repeat' without '--- repeat N'", false;
    for (size_t number = 1; number <= times_; ++number) {
      for (const std::string& repeated : block_) raw->push_back(Numbered(repeated, number));
    }
    times_ = 0;
    block_.clear();
    return true;
  }
  (times_ != 0 ? block_ : *raw).push_back(line);
  return true;
}

bool RepeatLines::Finish(std::string* error) {
  const bool closed = times_ == 0;
  times_ = 0;
  block_.clear();
  if (!closed) *error = "'--- repeat N' without '--- end repeat'";
  return closed;
}

}  // namespace kosmo::e2e
