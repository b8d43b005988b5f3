#pragma once
// The URL arithmetic of MCP authorization: where metadata documents live relative to a server or
// an issuer (RFC 9728 §3.1, RFC 8414 §3.1, OpenID Connect Discovery), whether a Protected
// Resource Metadata `resource` covers the server kosmo talks to (RFC 8707), and the
// form/query encoding OAuth requests use.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kosmo::oauth {

struct SplitUrl {
  std::string origin;  // "https://host:port", scheme and host lower-cased
  std::string path;    // "/mcp" or "" for the root; no query, no fragment, no trailing '/'
  std::string query;   // "?a=b" as written, or "" when there is none; no fragment
};

// nullopt unless `url` is absolute http(s).
std::optional<SplitUrl> split_url(std::string_view url);

// Where to look for a server's Protected Resource Metadata when its challenge names none, in
// order: the well-known URL inserted before the server's path and query (RFC 9728 §3.1 keeps
// both), then the root one.
std::vector<std::string> protected_resource_metadata_urls(std::string_view server_url);

// Where to look for an authorization server's metadata, in the order the MCP spec gives: for an
// issuer with a path, RFC 8414's path-inserted URL, OpenID Connect's path-inserted URL, then
// OpenID Connect's path-appended URL; for one without, the two root well-known URLs.
std::vector<std::string> authorization_server_metadata_urls(std::string_view issuer);

// The resource identifier to send for `server_url` (RFC 8707 §2: no fragment; kosmo also drops
// the query and a trailing '/').
std::string canonical_resource(std::string_view server_url);

// Whether a Protected Resource Metadata `resource` may be used for `server_url`: same origin,
// and its path is the server's path or a parent of it ("https://h/" covers "https://h/mcp").
bool resource_covers(std::string_view resource, std::string_view server_url);

// application/x-www-form-urlencoded (RFC 6749 appendix B): unreserved characters as they are,
// space as '+', everything else %XX.
std::string form_encode(std::string_view text);
std::string form_body(const std::vector<std::pair<std::string, std::string>>& fields);
// `url` with `fields` appended as its query ("?" or "&").
std::string with_query(std::string_view url,
                       const std::vector<std::pair<std::string, std::string>>& fields);

// The query parameters of `url` (or of a bare query), '+' and %XX decoded; the first of repeated
// names wins.
std::map<std::string, std::string> query_parameters(std::string_view url_or_query);

// Space-separated scope lists.
std::vector<std::string> split_scopes(std::string_view scopes);
std::string join_scopes(const std::vector<std::string>& scopes);
// `scopes` with each of `more` appended unless already present, order kept.
std::vector<std::string> union_scopes(std::vector<std::string> scopes,
                                      const std::vector<std::string>& more);

}  // namespace kosmo::oauth
