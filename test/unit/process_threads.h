#pragma once
// How many threads this process has now (/proc/self/task): the run guard and the signal watch
// promise to start none.
#include <cstddef>
#include <filesystem>

namespace kosmo::test {

inline size_t threads_in_process() {
  size_t count = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator("/proc/self/task")) {
    ++count;
  }
  return count;
}

}  // namespace kosmo::test
