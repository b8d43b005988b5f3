#include "lib/lua/call_identity.h"

#include <vector>

#include "lib/lua/mcp_library.h"

namespace kosmo::lua {
namespace {

constexpr const char kToolIcon[] = "ph:wrench";
constexpr const char kMcpIcon[] = "ph:plugs-connected";

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t dot = path.find('.', start);
    const size_t end = dot == std::string_view::npos ? path.size() : dot;
    segments.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

// KosmoKrator titles a tool from its slug without the app prefix: sinch_get_group → Get Group.
std::string title_of(std::string_view short_name) {
  std::string title;
  bool word_start = true;
  for (const char c : short_name) {
    if (c == '_') {
      title.push_back(' ');
      word_start = true;
      continue;
    }
    title.push_back(word_start && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
    word_start = false;
  }
  return title;
}

CallIdentity integration_identity(const std::vector<std::string>& segments, std::string_view slug) {
  const std::string& integration = segments.size() > 1 ? segments[1] : segments[0];
  const std::string prefix = integration + "_";
  std::string_view short_name = segments.back();
  if (slug.substr(0, prefix.size()) == prefix) short_name = slug.substr(prefix.size());
  return {title_of(short_name), integration, kToolIcon};
}

}  // namespace

CallIdentity identify_call(const CallLogView& entry) {
  const std::vector<std::string> segments = split_path(entry.path);
  if (segments[0] == kMcpHelperScope) {
    const std::string helper = segments.size() > 1 ? segments[1] : "";
    return {"mcp." + helper, "mcp", kMcpIcon};
  }
  if (segments[0] == "mcp" && segments.size() > 2) {
    return {segments[1] + "." + segments.back(), segments[1], kMcpIcon};
  }
  if (segments[0] == "integrations") return integration_identity(segments, entry.function);
  return {std::string(entry.path), segments[0], kToolIcon};
}

}  // namespace kosmo::lua
