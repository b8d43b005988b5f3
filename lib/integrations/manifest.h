#pragma once
// An integration described as data (product spec §4): credentials, auth, base URL, error
// formats and every function with its parameters and where each goes on the wire. The engine
// builds requests from this; irregular functions name a hook.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lib/common/outcome.h"
#include "lib/config/credentials.h"
#include "lib/config/permission.h"

namespace kosmo::integrations {

// kStringOrArray, kStringOrObject: a field the vendor takes in either form (Anthropic's system
// prompt: a string or a list of content blocks; its container: an id or {id, skills}), sent as
// given.
enum class ParamType {
  kString,
  kInteger,
  kNumber,
  kBoolean,
  kArray,
  kObject,
  kStringOrArray,
  kStringOrObject
};

// Where a parameter travels. kQueryObject spreads an object parameter into the query string;
// kBodyObject merges an object parameter into the JSON body (at `wire` when it is a dotted
// path, else at the top). kRawPath is a caller-given path relative to the base URL, validated
// so that it can never leave the configured host (generic helpers such as Missive's api_get).
enum class ParamLocation { kPath, kQuery, kBody, kHeader, kQueryObject, kBodyObject, kRawPath };

struct Parameter {
  std::string name;  // Lua-facing name
  std::string wire;  // name on the wire (defaults to `name`)
  ParamType type = ParamType::kString;
  ParamLocation in = ParamLocation::kQuery;
  bool required = false;
  std::string description;
  std::vector<std::string> enum_values;  // allowed string values, empty = any
  std::optional<double> minimum;
  std::optional<double> maximum;
  bool accept_scalar = false;  // an array parameter also takes one scalar, sent as [scalar]
  // JSON text of the value sent when the caller gives none (e.g. Anthropic's max_tokens).
  std::optional<std::string> default_json;
  // Arrays sent as one string joined with this separator, each item percent-encoded on its own
  // in paths (Missive's "id1,id2" lists).
  std::string join;
  // Case-insensitive value aliases applied before sending ("composite" -> "mix").
  std::map<std::string, std::string> value_map;
  // An object parameter also accepts a string holding a JSON object.
  bool json_string_ok = false;
  // Why the vendor cannot honour this parameter, when it cannot (a seed parameter with no
  // equivalent in the real API): giving it is then a usage error quoting this, so it is never
  // dropped silently, and nothing is sent.
  std::string refused;

  // What a caller may pass: the enum, then the value_map's aliases (Missive's "open" for
  // "todo"). Schemas, docs and refusals list these, so an accepted value is never hidden.
  std::vector<std::string> accepted_values() const;
};

enum class AuthScheme { kNone, kBearer, kHeader, kBasic };

struct Auth {
  AuthScheme scheme = AuthScheme::kBearer;
  std::string header;      // kHeader: header name, e.g. "x-api-key"
  std::string credential;  // kBearer/kHeader: the credential field
  std::string username;    // kBasic: credential fields
  std::string password;
};

enum class ResponseKind {
  kJson,  // decoded JSON; a non-JSON or empty body gives {}
  kRaw,   // {content_type, body} (base64 body with encoding="base64" when binary)
};

// How a list function pages (app.paginate, integrations:call --paginate). Argument names are
// the function's Lua-facing ones, dotted into an object parameter ("params.offset"); response
// fields are dotted paths into its answer ("result.records").
enum class PagingStyle {
  kNone,        // one answer holds every item: paging yields that answer's items
  kCursor,      // the answer names the next page's position (a token or the last item's id)
  kPageNumber,  // pages numbered from `first_page`
  kOffset,      // the position is the number of items already read
  kUntil,       // timestamps: the next page holds items older than the oldest one read (Missive)
  kLinkHeader,  // the response's Link rel="next" URL carries the next position (GitHub's style)
};

struct Paging {
  PagingStyle style = PagingStyle::kNone;
  // Where the items are: one or more dotted paths whose arrays make up a page (Sinch's
  // list_messages answers inbounds and batches side by side).
  std::vector<std::string> items;
  std::string position;  // the argument that moves: cursor, page, offset or until
  std::string size;      // the argument that sets the page size, when there is one
  // kCursor: the answer's field holding the next position (empty or absent: last page);
  // kUntil: the item field whose oldest value is the next `until`; kLinkHeader: the query
  // parameter of the next link that holds the next position.
  std::string next;
  std::string more;   // kCursor: a boolean field of the answer, false on the last page
  std::string total;  // kPageNumber, kOffset: the answer's field counting every item
  int64_t first_page = 1;
  // The page size the vendor uses when the caller gives none: a page shorter than it is the
  // last one.
  int64_t default_size = 0;
  std::string note;  // kNone: why the function does not page
};

struct Function {
  std::string slug;  // "sinch_get_group"
  std::string name;  // short Lua name "get_group"
  std::vector<std::string> aliases;
  config::Operation operation = config::Operation::kRead;  // the permission a call needs
  std::string description;
  std::string method = "GET";
  std::string path;  // template, e.g. "/groups/{group_id}"
  std::vector<Parameter> parameters;
  ResponseKind response = ResponseKind::kJson;
  std::string hook;          // named irregular behaviour, empty for the generic engine
  std::string hook_message;  // e.g. the fixed error of an unsupported function
  std::string credential;    // credential field used for auth instead of the default one
  std::map<std::string, std::string> headers;  // extra request headers
  // Overrides for functions of another API in the same integration (Agora's Cloud Recording
  // next to its Console API): their own auth, base URL and path prefix.
  std::optional<Auth> auth;
  std::optional<std::string> base_url;
  std::optional<std::string> path_prefix;
  // The credential field that overrides this function's base URL, when it is not the
  // integration's `base_url_field`: another API's host (Sinch's Numbers API next to its SMS
  // API), whose URL a region or test override of the SMS host must not replace.
  std::optional<std::string> base_url_field;
  // Credential fields this function needs besides the integration's required ones.
  std::vector<std::string> requires_credentials;
  // Success data is returned as {"ok": true, <wrap_result>: data}.
  std::string wrap_result;
  // Not callable or listed by itself; reached through another function's hook.
  bool hidden = false;
  // The vendor does not document the endpoint this function calls (kept for workflows that use
  // it); `endpoint_note` says why in one line. Schema, list, docs and search all show it.
  bool undocumented_endpoint = false;
  std::string endpoint_note;
  // The vendor source the request was checked against (SDK, API reference); the manifest's
  // `checked_against` unless the function names its own. Shown on its page and on "coverage".
  std::string checked_against;
  std::optional<Paging> paging;  // list functions only

  bool is_write() const { return operation == config::Operation::kWrite; }
  // Sends a JSON body: a method other than GET with a body parameter. Such a function passes
  // arguments it does not declare into the body (vendors add body fields faster than a
  // manifest follows); a query-only function refuses them, since a guessed query name is
  // more likely a typo.
  bool takes_json_body() const;
};

struct ErrorFormat {
  std::string http = "{label} API error ({status}): {message}";
  std::vector<std::string> message_fields;  // dotted paths tried in order; else the raw body
  std::string html;  // when set and the error body is HTML, used instead of `http`
  std::string connection = "{label} connection error: {detail}";
};

struct ResponseShapes {
  std::optional<std::string> empty_body_json;  // result of an empty 2xx body (default {})
  std::string text_body_key;  // a non-JSON 2xx body becomes {<key>: text}; empty: {}
};

struct Manifest {
  // Functions a user sees (hidden ones are reached only through another function's hook).
  size_t visible_function_count() const;
  std::vector<std::string> undocumented_function_names() const;  // visible ones, short names

  std::string name;  // "sinch"
  std::string label;
  std::string description;
  std::string base_url;        // default; may contain {field} placeholders
  std::string base_url_field;  // credential field that overrides base_url, e.g. "url"
  // An override without a scheme is a host name: it gets this suffix (unless it has it) and
  // https:// ("example" -> "https://example.wildixin.com").
  std::string base_url_host_suffix;
  std::string path_prefix;  // prepended to every path, e.g. "/{service_plan_id}"
  Auth auth;
  std::map<std::string, std::string> headers;  // sent on every request
  ErrorFormat errors;
  ResponseShapes responses;
  double timeout_seconds = 30;
  std::vector<config::CredentialField> credentials;
  std::vector<Function> functions;

  // The request a function sends, as a URL template: "GET https://…/xms/v1/{service_plan_id}/…".
  std::string endpoint_of(const Function& function) const;
};

// Parses one manifest. A failure (config_error) names `source`, the offending key, the value found
// and the values allowed; the first problem found is the one reported.
Outcome<Manifest> parse_manifest(std::string_view json_text, const std::string& source);

const char* to_string(ParamType type);

}  // namespace kosmo::integrations
