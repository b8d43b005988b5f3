#include "lib/oauth/oauth_urls.h"

#include <algorithm>

#include "lib/common/text.h"
#include "lib/common/uri_characters.h"

namespace kosmo::oauth {
namespace {

std::string strip_trailing_slash(std::string path) {
  while (!path.empty() && path.back() == '/') path.pop_back();
  return path;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string form_decode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

std::optional<SplitUrl> split_url(std::string_view url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  const std::string scheme = ascii_lower(url.substr(0, scheme_end));
  if (scheme != "http" && scheme != "https") return std::nullopt;
  const size_t authority_start = scheme_end + 3;
  const size_t authority_end = url.find_first_of("/?#", authority_start);
  const std::string_view authority = url.substr(
      authority_start, authority_end == std::string_view::npos ? std::string_view::npos
                                                               : authority_end - authority_start);
  if (authority.empty()) return std::nullopt;
  SplitUrl split;
  split.origin = scheme + "://" + ascii_lower(authority);
  if (authority_end == std::string_view::npos) return split;
  const size_t path_end = std::min(url.find_first_of("?#", authority_end), url.size());
  split.path =
      strip_trailing_slash(std::string(url.substr(authority_end, path_end - authority_end)));
  if (path_end < url.size() && url[path_end] == '?') {
    split.query = std::string(url.substr(path_end, url.find('#', path_end) - path_end));
  }
  return split;
}

std::vector<std::string> protected_resource_metadata_urls(std::string_view server_url) {
  const std::optional<SplitUrl> split = split_url(server_url);
  if (!split) return {};
  const std::string root = split->origin + "/.well-known/oauth-protected-resource";
  if (split->path.empty() && split->query.empty()) return {root};
  return {root + split->path + split->query, root};
}

std::vector<std::string> authorization_server_metadata_urls(std::string_view issuer) {
  const std::optional<SplitUrl> split = split_url(issuer);
  if (!split) return {};
  const std::string& origin = split->origin;
  if (split->path.empty()) {
    return {origin + "/.well-known/oauth-authorization-server",
            origin + "/.well-known/openid-configuration"};
  }
  return {origin + "/.well-known/oauth-authorization-server" + split->path,
          origin + "/.well-known/openid-configuration" + split->path,
          origin + split->path + "/.well-known/openid-configuration"};
}

std::string canonical_resource(std::string_view server_url) {
  const std::optional<SplitUrl> split = split_url(server_url);
  if (!split) return std::string(server_url);
  return split->origin + split->path;
}

bool resource_covers(std::string_view resource, std::string_view server_url) {
  const std::optional<SplitUrl> claimed = split_url(resource);
  const std::optional<SplitUrl> server = split_url(server_url);
  if (!claimed || !server || claimed->origin != server->origin) return false;
  if (claimed->path.empty() || claimed->path == server->path) return true;
  return server->path.rfind(claimed->path + "/", 0) == 0;
}

std::string form_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (is_uri_unreserved(c)) {
      out += c;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

std::string form_body(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string body;
  for (const auto& [name, value] : fields) {
    if (!body.empty()) body += '&';
    body += form_encode(name) + "=" + form_encode(value);
  }
  return body;
}

std::string with_query(std::string_view url,
                       const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string result(url);
  const std::string query = form_body(fields);
  if (query.empty()) return result;
  result += result.find('?') == std::string::npos ? '?' : '&';
  return result + query;
}

std::map<std::string, std::string> query_parameters(std::string_view url_or_query) {
  std::string_view query = url_or_query;
  if (const size_t mark = query.find('?'); mark != std::string_view::npos) {
    query = query.substr(mark + 1);
  } else if (query.find("://") != std::string_view::npos) {
    return {};  // a URL without a query
  }
  if (const size_t hash = query.find('#'); hash != std::string_view::npos) {
    query = query.substr(0, hash);
  }
  std::map<std::string, std::string> parameters;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const size_t eq = pair.find('=');
    std::string name = form_decode(pair.substr(0, eq));
    std::string value = eq == std::string_view::npos ? "" : form_decode(pair.substr(eq + 1));
    if (!name.empty()) parameters.emplace(std::move(name), std::move(value));
    if (amp == std::string_view::npos) break;
    query = query.substr(amp + 1);
  }
  return parameters;
}

std::vector<std::string> split_scopes(std::string_view scopes) {
  std::vector<std::string> result;
  size_t at = 0;
  while (at < scopes.size()) {
    const size_t end = scopes.find(' ', at);
    const std::string_view scope =
        scopes.substr(at, end == std::string_view::npos ? scopes.size() - at : end - at);
    if (!scope.empty()) result = union_scopes(std::move(result), {std::string(scope)});
    if (end == std::string_view::npos) break;
    at = end + 1;
  }
  return result;
}

std::string join_scopes(const std::vector<std::string>& scopes) {
  std::string joined;
  for (const std::string& scope : scopes) {
    if (!joined.empty()) joined += ' ';
    joined += scope;
  }
  return joined;
}

std::vector<std::string> union_scopes(std::vector<std::string> scopes,
                                      const std::vector<std::string>& more) {
  for (const std::string& scope : more) {
    if (std::find(scopes.begin(), scopes.end(), scope) == scopes.end()) scopes.push_back(scope);
  }
  return scopes;
}

}  // namespace kosmo::oauth
