#include "lib/cli/completion_scripts.h"

#include <cctype>

namespace kosmo::cli {
namespace {

constexpr ShellScript kShells[] = {
    {"bash", bash_completion},
    {"zsh", zsh_completion},
    {"fish", fish_completion},
};

}  // namespace

std::span<const ShellScript> shell_scripts() { return kShells; }

bool is_plain_word(const std::string& word) {
  if (word.empty()) return false;
  for (const char c : word) {
    const bool plain = std::isalnum(static_cast<unsigned char>(c)) ||
                       std::string_view("._:@/+-").find(c) != std::string_view::npos;
    if (!plain) return false;
  }
  return true;
}

std::string plain_words(const std::vector<std::string>& words) {
  std::string joined;
  for (const std::string& word : words) {
    if (!is_plain_word(word)) continue;
    if (!joined.empty()) joined += ' ';
    joined += word;
  }
  return joined;
}

std::string one_line(const std::string& text, size_t max) {
  std::string line;
  for (const char c : text) {
    if (c == '\n' || c == '\t' || c == '\r') {
      if (!line.empty() && line.back() != ' ') line += ' ';
    } else if (static_cast<unsigned char>(c) >= 0x20) {
      line += c;
    }
  }
  if (line.size() <= max) return line;
  const size_t cut = line.rfind(' ', max - 3);
  return line.substr(0, cut == std::string::npos ? max - 3 : cut) + "...";
}

}  // namespace kosmo::cli
