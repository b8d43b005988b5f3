#include "lib/http/link_header.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace kosmo::http {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Whether the parameters after a link's `>` (`; rel="next prev"; title=…`) have rel with "next".
bool rel_has_next(std::string_view parameters) {
  const std::string text = lower(parameters);
  size_t at = text.find("rel=");
  if (at == std::string::npos) return false;
  at += 4;
  const bool quoted = at < text.size() && text[at] == '"';
  if (quoted) ++at;
  const size_t end = text.find_first_of(quoted ? "\"" : ";,", at);
  const std::string rel = text.substr(at, end == std::string::npos ? std::string::npos : end - at);
  size_t start = 0;
  while (start <= rel.size()) {
    const size_t space = std::min(rel.find(' ', start), rel.size());
    if (rel.compare(start, space - start, "next") == 0) return true;
    start = space + 1;
  }
  return false;
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decoded(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out.push_back(' ');
    } else if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 &&
               hex(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> next_link(std::string_view header) {
  size_t at = 0;
  while ((at = header.find('<', at)) != std::string_view::npos) {
    const size_t close = header.find('>', at);
    if (close == std::string_view::npos) return std::nullopt;
    // A link's parameters run to the next link (a ',' before the next '<').
    size_t next = header.find('<', close);
    const std::string_view parameters =
        header.substr(close + 1, next == std::string_view::npos ? next : next - close - 1);
    if (rel_has_next(parameters)) return std::string(header.substr(at + 1, close - at - 1));
    at = close + 1;
  }
  return std::nullopt;
}

std::optional<std::string> query_parameter(std::string_view url, std::string_view name) {
  const size_t question = url.find('?');
  if (question == std::string_view::npos) return std::nullopt;
  std::string_view query = url.substr(question + 1);
  query = query.substr(0, query.find('#'));
  size_t start = 0;
  while (start <= query.size()) {
    const size_t amp = std::min(query.find('&', start), query.size());
    const std::string_view pair = query.substr(start, amp - start);
    const size_t equals = pair.find('=');
    if (percent_decoded(pair.substr(0, equals)) == name) {
      return equals == std::string_view::npos ? "" : percent_decoded(pair.substr(equals + 1));
    }
    start = amp + 1;
  }
  return std::nullopt;
}

}  // namespace kosmo::http
