#include "lib/gateway/http_request_guards.h"

#include <algorithm>

#include "lib/gateway/http_request.h"
#include "lib/mcp/session.h"

namespace kosmo::gateway {
namespace {

bool all_digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "name" or "name:port" (":port" optional, digits only) with name a loopback name.
bool is_loopback_authority(std::string_view authority) {
  std::string_view name = authority;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return false;
    name = authority.substr(0, close + 1);
    authority.remove_prefix(close + 1);
  } else {
    const size_t colon = authority.find(':');
    name = authority.substr(0, colon);
    authority = colon == std::string_view::npos ? std::string_view() : authority.substr(colon);
  }
  if (!authority.empty()) {
    if (authority.front() != ':' || !all_digits(authority.substr(1))) return false;
  }
  return equals_ignore_case(name, "localhost") || name == "127.0.0.1" || name == "[::1]";
}

std::string_view without_trailing_slash(std::string_view origin) {
  if (!origin.empty() && origin.back() == '/') origin.remove_suffix(1);
  return origin;
}

// "scheme://authority" → authority; "" when `origin` has no "://".
std::string_view authority_of(std::string_view origin) {
  const size_t scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos) return {};
  return without_trailing_slash(origin.substr(scheme_end + 3));
}

}  // namespace

bool is_loopback_origin(std::string_view origin) {
  const size_t scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos) return false;
  const std::string_view scheme = origin.substr(0, scheme_end);
  if (!equals_ignore_case(scheme, "http") && !equals_ignore_case(scheme, "https")) return false;
  return is_loopback_authority(origin.substr(scheme_end + 3));
}

bool origin_allowed(std::string_view origin, const std::vector<std::string>& allowed) {
  if (is_loopback_origin(origin)) return true;
  const std::string_view wanted = without_trailing_slash(origin);
  return std::any_of(allowed.begin(), allowed.end(), [wanted](const std::string& entry) {
    return equals_ignore_case(without_trailing_slash(entry), wanted);
  });
}

bool host_allowed(std::string_view host, const std::vector<std::string>& allowed_origins) {
  if (is_loopback_authority(host)) return true;
  return std::any_of(allowed_origins.begin(), allowed_origins.end(),
                     [host](const std::string& origin) {
                       const std::string_view authority = authority_of(origin);
                       return !authority.empty() && equals_ignore_case(authority, host);
                     });
}

bool is_loopback_host(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (equals_ignore_case(host, "localhost") || host == "::1") return true;
  // 127.0.0.0/8
  return host.substr(0, 4) == "127." &&
         std::all_of(host.begin(), host.end(), [](char c) { return c == '.' || (c >= '0' && c <= '9'); });
}

bool bearer_matches(const std::string* authorization, std::string_view token) {
  if (authorization == nullptr || authorization->size() < 7) return false;
  const std::string_view value = *authorization;
  if (!equals_ignore_case(value.substr(0, 7), "Bearer ")) return false;
  const std::string_view given = value.substr(7);
  // Every byte of the longer text is looked at, whatever differs first.
  const size_t length = std::max(given.size(), token.size());
  unsigned char difference = given.size() == token.size() ? 0 : 1;
  for (size_t i = 0; i < length; ++i) {
    const auto a = static_cast<unsigned char>(i < given.size() ? given[i] : 0);
    const auto b = static_cast<unsigned char>(i < token.size() ? token[i] : 0);
    difference |= static_cast<unsigned char>(a ^ b);
  }
  return difference == 0;
}

bool is_supported_protocol_version(std::string_view version) {
  const auto& versions = mcp::supported_protocol_versions();
  return std::find(versions.begin(), versions.end(), version) != versions.end();
}

}  // namespace kosmo::gateway
