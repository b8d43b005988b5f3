// A main() for the fuzz harnesses in builds without libFuzzer: runs every file of the given
// files and directories through LLVMFuzzerTestOneInput, once each, in a stable order. This is
// how the seed corpus and every saved regression input run in the ordinary CTest suite (and
// under ASan in ci/sanitize) with any compiler. A harness reports a finding by crashing or
// calling abort(), so reaching the end means every input passed.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

namespace fs = std::filesystem;

// Dot files (.gitkeep holds an empty regressions directory in git) are not inputs.
bool is_input(const fs::directory_entry& entry) {
  return entry.is_regular_file() && entry.path().filename().string().front() != '.';
}

// The inputs named by `argument`, sorted so failures reproduce in the same order; false when the
// path does not exist (a typo in the test registration must not pass as "no inputs").
bool collect_inputs(const fs::path& argument, std::vector<fs::path>& inputs) {
  std::error_code error;
  if (fs::is_regular_file(argument, error)) {
    inputs.push_back(argument);
    return true;
  }
  if (!fs::is_directory(argument, error)) return false;
  std::vector<fs::path> found;
  for (const auto& entry : fs::recursive_directory_iterator(argument)) {
    if (is_input(entry)) found.push_back(entry.path());
  }
  std::sort(found.begin(), found.end());
  inputs.insert(inputs.end(), found.begin(), found.end());
  return true;
}

std::string read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE_OR_DIRECTORY...\n", argv[0]);
    return 2;
  }
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    if (!collect_inputs(argv[i], inputs)) {
      std::fprintf(stderr, "%s: no such file or directory: %s\n", argv[0], argv[i]);
      return 2;
    }
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "%s: no inputs found\n", argv[0]);
    return 2;
  }
  for (const fs::path& input : inputs) {
    // Named before running, so a crash's output says which input caused it.
    std::fprintf(stderr, "running %s\n", input.c_str());
    const std::string bytes = read_bytes(input);
    // A copy of exactly the input's size, as libFuzzer passes it, so ASan sees reads past the
    // end instead of hitting the string's spare capacity.
    std::vector<uint8_t> data(bytes.begin(), bytes.end());
    LLVMFuzzerTestOneInput(data.data(), data.size());
  }
  std::fprintf(stderr, "%zu inputs passed\n", inputs.size());
  return 0;
}
