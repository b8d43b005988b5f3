#include "lib/cli/code_source.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace kosmo::cli {
namespace {

constexpr const char kNoCode[] =
    "No Lua code given. Provide a Lua file, --eval code, or pipe Lua code on stdin.";

std::string read_all(std::istream& in) {
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// A "#!" first line is blanked, not removed, so line numbers in errors stay right.
void strip_shebang(std::string& code) {
  if (code.rfind("#!", 0) != 0) return;
  const size_t end = code.find('\n');
  code.erase(0, end == std::string::npos ? code.size() : end);
}

}  // namespace

std::optional<CodeSource> resolve_code(const std::optional<std::string>& eval,
                                       const std::string& file, CodeSourceError& error) {
  if (eval && !eval->empty()) return CodeSource{*eval, "=eval"};
  CodeSource source;
  if (file == "-" || (file.empty() && !isatty(STDIN_FILENO))) {
    source = {read_all(std::cin), "=stdin"};
  } else if (!file.empty()) {
    struct stat info {};
    std::ifstream in(file, std::ios::binary);
    if (stat(file.c_str(), &info) != 0 || S_ISDIR(info.st_mode) || !in) {
      error.message = "Lua file not found: " + file;
      return std::nullopt;
    }
    source = {read_all(in), "@" + file};
  }
  strip_shebang(source.code);
  if (source.code.find_first_not_of(" \t\r\n") == std::string::npos) {
    error.message = kNoCode;
    return std::nullopt;
  }
  return source;
}

}  // namespace kosmo::cli
