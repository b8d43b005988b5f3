#include "lib/config/environment.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

extern char** environ;

namespace kosmo::config {
namespace {

bool is_identifier(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return c == '_' || std::isalnum(static_cast<unsigned char>(c));
  });
}

}  // namespace

std::optional<std::string> ProcessEnvironment::get(std::string_view name) const {
  // getenv needs a NUL-terminated name; a name with '=' can never match a variable.
  if (name.find('=') != std::string_view::npos) return std::nullopt;
  const char* value = std::getenv(std::string(name).c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

std::vector<std::string> ProcessEnvironment::names_with_prefix(std::string_view prefix) const {
  std::vector<std::string> names;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    size_t equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    std::string_view name = text.substr(0, equals);
    if (name.starts_with(prefix)) names.emplace_back(name);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

const Environment& process_environment() {
  static const ProcessEnvironment instance;
  return instance;
}

std::optional<std::string> MapEnvironment::get(std::string_view name) const {
  auto it = variables_.find(name);
  if (it == variables_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> MapEnvironment::names_with_prefix(std::string_view prefix) const {
  std::vector<std::string> names;
  for (auto it = variables_.lower_bound(prefix);
       it != variables_.end() && std::string_view(it->first).starts_with(prefix); ++it) {
    names.push_back(it->first);
  }
  return names;
}

std::optional<std::string> expand_value(std::string_view value, const Environment& env) {
  if (!value.starts_with("${") || !value.ends_with("}") || value.size() < 4) {
    return std::string(value);
  }
  std::string_view inner = value.substr(2, value.size() - 3);
  size_t fallback_at = inner.find(":-");
  std::string_view name = inner.substr(0, fallback_at);
  if (!is_identifier(name)) return std::string(value);
  std::optional<std::string> found = env.get(name);
  if (fallback_at == std::string_view::npos) return found;
  if (found && !found->empty()) return found;
  return std::string(inner.substr(fallback_at + 2));
}

}  // namespace kosmo::config
