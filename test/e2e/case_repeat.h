// "--- repeat N" ... "--- end repeat" blocks inside a "--- file" section of a case: the lines
// between, N times over, with "{i}" replaced by the repetition's number (1..N). A case can then
// hold a file of 300,000 '[' or 20,000 accounts in a few lines. Format: cases/README.md.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace kosmo::e2e {

class RepeatLines {
 public:
  // Takes one line of a "--- file" section, appending to `raw` what it stands for (nothing
  // while a block is being read). Returns false with `error` for a malformed marker.
  bool Add(const std::string& line, std::vector<std::string>* raw, std::string* error);
  // At the end of the section: false with `error` when a block was left open. Resets.
  bool Finish(std::string* error);

 private:
  size_t times_ = 0;  // 0: not inside a block
  std::vector<std::string> block_;
};

}  // namespace kosmo::e2e
