#include "lib/gateway/http_request.h"

#include <cctype>

namespace kosmo::gateway {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

bool list_has_token(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    const size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    item = item.substr(0, item.find(';'));
    if (equals_ignore_case(trim(item), token)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

const std::string* HttpRequest::header(std::string_view name) const {
  for (const auto& field : headers) {
    if (equals_ignore_case(field.first, name)) return &field.second;
  }
  return nullptr;
}

std::string_view HttpRequest::path() const {
  std::string_view path = target;
  return path.substr(0, path.find('?'));
}

bool HttpRequest::keep_alive() const {
  const std::string* connection = header("Connection");
  if (minor_version == 0) return connection && list_has_token(*connection, "keep-alive");
  return !connection || !list_has_token(*connection, "close");
}

}  // namespace kosmo::gateway
