// Reads integration manifests (lib/integrations/manifests/*.json and
// $KOSMO_HOME/integrations/*.json). Strict: unknown enum values and wrong types are errors
// naming the manifest, the key and the allowed values, so a broken user manifest is reported,
// not half-loaded. Anything that decides the permission a call needs (operation, method) is
// never guessed: a manifest that could pass a write off as a read is refused at load.
#include <rapidjson/document.h>

#include <string_view>
#include <type_traits>

#include "lib/common/json_parse.h"
#include "lib/common/json_text.h"
#include "lib/integrations/function_hooks.h"
#include "lib/integrations/manifest.h"

namespace kosmo::integrations {
namespace {

using Json = rapidjson::Value;

// The first problem found. Readers go on after a problem (each read then gives its fallback), so
// the nested reads never need to unwind, and parse_manifest reports the first one as a Failure.
class Problems {
 public:
  void add(std::string message) {
    if (!first_) first_ = std::move(message);
  }
  const std::optional<std::string>& first() const { return first_; }

 private:
  std::optional<std::string> first_;
};

std::string joined(const std::vector<std::string_view>& names) {
  std::string text;
  for (std::string_view name : names) {
    text += (text.empty() ? "" : ", ") + std::string(name);
  }
  return text;
}

// "(allowed: read, write)", the tail of every refusal of an enum value.
std::string allowed(const std::vector<std::string_view>& names) {
  return "(allowed: " + joined(names) + ")";
}

template <typename Enum, size_t N>
std::vector<std::string_view> names_of(const std::pair<const char*, Enum> (&table)[N]) {
  std::vector<std::string_view> names;
  for (const auto& row : table) names.emplace_back(row.first);
  return names;
}

// Reads the members of one object of the manifest; `where` names it in messages.
class Reader {
 public:
  Reader(const Json& object, std::string where, Problems& problems)
      : object_(object), where_(std::move(where)), problems_(problems) {}

  // A reader of a nested object, named `suffix` below this one (".auth", ".parameters[2]").
  Reader child(const Json& object, const std::string& suffix) const {
    return Reader(object, where_ + suffix, problems_);
  }

  std::string string(const char* key, std::string fallback = "") const {
    const Json* value = find(key);
    if (value == nullptr) return fallback;
    if (!value->IsString()) return fail(key, "must be a string"), fallback;
    return {value->GetString(), value->GetStringLength()};
  }
  std::string required_string(const char* key) const {
    if (find(key) == nullptr) return fail(key, "is required"), "";
    return string(key);
  }
  bool boolean(const char* key, bool fallback) const {
    const Json* value = find(key);
    if (value == nullptr) return fallback;
    if (!value->IsBool()) return fail(key, "must be true or false"), fallback;
    return value->GetBool();
  }
  std::optional<double> number(const char* key) const {
    const Json* value = find(key);
    if (value == nullptr) return std::nullopt;
    if (!value->IsNumber()) return fail(key, "must be a number"), std::nullopt;
    return value->GetDouble();
  }
  std::vector<std::string> strings(const char* key) const {
    std::vector<std::string> out;
    const Json* value = find(key);
    if (value == nullptr) return out;
    if (!value->IsArray()) return fail(key, "must be an array of strings"), out;
    for (const Json& item : value->GetArray()) {
      if (!item.IsString()) return fail(key, "must be an array of strings"), out;
      out.emplace_back(item.GetString(), item.GetStringLength());
    }
    return out;
  }
  std::map<std::string, std::string> string_map(const char* key) const {
    std::map<std::string, std::string> out;
    const Json* value = find(key);
    if (value == nullptr) return out;
    if (!value->IsObject()) return fail(key, "must be an object of strings"), out;
    for (const auto& member : value->GetObject()) {
      if (!member.value.IsString()) return fail(key, "must be an object of strings"), out;
      out[member.name.GetString()] = member.value.GetString();
    }
    return out;
  }
  // nullptr when absent or of the wrong kind (a problem then).
  const Json* array(const char* key) const {
    const Json* value = find(key);
    if (value != nullptr && !value->IsArray()) return fail(key, "must be an array"), nullptr;
    return value;
  }
  std::optional<std::string> json_text(const char* key) const {
    const Json* value = find(key);
    if (value == nullptr) return std::nullopt;
    return json::compact_text(*value);
  }
  const Json* json_value(const char* key) const { return find(key); }
  const Json* object(const char* key) const {
    const Json* value = find(key);
    if (value != nullptr && !value->IsObject()) return fail(key, "must be an object"), nullptr;
    return value;
  }
  bool has(const char* key) const { return find(key) != nullptr; }
  // Calls parse(reader) for each object in the array `key`, its reader named "key[i]"; an item
  // that is not an object is a problem and is skipped.
  template <typename Parse>
  void each_object(const char* key, Parse parse) const {
    const Json* items = array(key);
    if (items == nullptr) return;
    for (rapidjson::SizeType i = 0; i < items->Size(); ++i) {
      if (!(*items)[i].IsObject()) {
        fail(key, "must hold objects");
        continue;
      }
      parse(child((*items)[i], "." + std::string(key) + "[" + std::to_string(i) + "]"));
    }
  }
  void fail(const std::string& key, const std::string& problem) const {
    problems_.add(where_ + "." + key + " " + problem);
  }

 private:
  const Json* find(const char* key) const {
    auto it = object_.FindMember(key);
    return it == object_.MemberEnd() || it->value.IsNull() ? nullptr : &it->value;
  }
  const Json& object_;
  std::string where_;
  Problems& problems_;
};

// The value `key` names in `table`. An absent key gives `fallback`, or is refused when there is
// none; a value outside the table, the empty string included, is refused. Either refusal lists
// the table, so the message and the decision cannot disagree. (After a refusal the result only
// keeps the reading going: the manifest is refused as a whole.)
template <typename Enum, size_t N>
Enum choose(const Reader& reader, const char* key, const std::pair<const char*, Enum> (&table)[N],
            std::type_identity_t<std::optional<Enum>> fallback) {
  const Enum refused = fallback.value_or(table[0].second);
  if (!reader.has(key)) {
    if (!fallback) reader.fail(key, "is required " + allowed(names_of(table)));
    return refused;
  }
  const Json& found = *reader.json_value(key);
  if (!found.IsString()) {
    return reader.fail(key, "must be a string " + allowed(names_of(table))), refused;
  }
  const std::string_view value(found.GetString(), found.GetStringLength());
  for (const auto& [name, result] : table) {
    if (value == name) return result;
  }
  reader.fail(key, "has unknown value '" + std::string(value) + "' " + allowed(names_of(table)));
  return refused;
}

// Whether a method changes data by HTTP's own definition: a function that says "read" with
// such a method is taken for a mistake unless it also says "read_despite_method".
enum class MethodEffect { kReadOnly, kMayWrite };

constexpr std::pair<const char*, ParamType> kTypes[] = {
    {"string", ParamType::kString},
    {"integer", ParamType::kInteger},
    {"number", ParamType::kNumber},
    {"boolean", ParamType::kBoolean},
    {"array", ParamType::kArray},
    {"object", ParamType::kObject},
    {"string_or_array", ParamType::kStringOrArray},
    {"string_or_object", ParamType::kStringOrObject},
};
constexpr std::pair<const char*, ParamLocation> kLocations[] = {
    {"path", ParamLocation::kPath},
    {"query", ParamLocation::kQuery},
    {"body", ParamLocation::kBody},
    {"header", ParamLocation::kHeader},
    {"query_object", ParamLocation::kQueryObject},
    {"body_object", ParamLocation::kBodyObject},
    {"raw_path", ParamLocation::kRawPath},
};
constexpr std::pair<const char*, ResponseKind> kResponses[] = {{"json", ResponseKind::kJson},
                                                               {"raw", ResponseKind::kRaw}};
constexpr std::pair<const char*, AuthScheme> kSchemes[] = {{"none", AuthScheme::kNone},
                                                           {"bearer", AuthScheme::kBearer},
                                                           {"header", AuthScheme::kHeader},
                                                           {"basic", AuthScheme::kBasic}};
// The permission (read or write) a call needs.
constexpr std::pair<const char*, config::Operation> kOperations[] = {
    {"read", config::Operation::kRead}, {"write", config::Operation::kWrite}};
constexpr std::pair<const char*, MethodEffect> kMethods[] = {
    {"GET", MethodEffect::kReadOnly},    {"POST", MethodEffect::kMayWrite},
    {"PUT", MethodEffect::kMayWrite},    {"PATCH", MethodEffect::kMayWrite},
    {"DELETE", MethodEffect::kMayWrite},
};

std::vector<std::string_view> methods_that_change_data() {
  std::vector<std::string_view> names;
  for (const auto& [name, effect] : kMethods) {
    if (effect == MethodEffect::kMayWrite) names.emplace_back(name);
  }
  return names;
}

Auth parse_auth(const Reader& reader) {
  Auth auth;
  auth.scheme = choose(reader, "scheme", kSchemes, AuthScheme::kBearer);
  auth.header = reader.string("header");
  auth.credential = reader.string("credential");
  auth.username = reader.string("username");
  auth.password = reader.string("password");
  return auth;
}

Parameter parse_parameter(const Reader& reader, ParamLocation default_location) {
  Parameter parameter;
  parameter.name = reader.required_string("name");
  parameter.wire = reader.string("wire", parameter.name);
  parameter.type = choose(reader, "type", kTypes, ParamType::kString);
  parameter.in = choose(reader, "in", kLocations, default_location);
  parameter.required = reader.boolean("required", false);
  parameter.description = reader.string("description");
  parameter.enum_values = reader.strings("enum");
  parameter.minimum = reader.number("minimum");
  parameter.maximum = reader.number("maximum");
  parameter.accept_scalar = reader.boolean("accept_scalar", false);
  parameter.default_json = reader.json_text("default");
  parameter.join = reader.string("join");
  parameter.value_map = reader.string_map("value_map");
  parameter.json_string_ok = reader.boolean("json_string_ok", false);
  parameter.refused = reader.string("refused");
  return parameter;
}

// Operation and method together: the policy trusts `operation`, so a read sent with a method
// that changes data must say it is one on purpose (a search endpoint that POSTs its query).
void parse_operation(const Reader& reader, Function& function) {
  function.operation = choose(reader, "operation", kOperations, std::nullopt);
  const MethodEffect effect = choose(reader, "method", kMethods, MethodEffect::kReadOnly);
  function.method = reader.string("method", "GET");
  const bool read_despite_method = reader.boolean("read_despite_method", false);
  if (!function.is_write() && effect == MethodEffect::kMayWrite && !read_despite_method) {
    reader.fail("operation", "is 'read' but method " + function.method +
                                 " changes data (allowed: \"operation\": \"write\", or "
                                 "\"read_despite_method\": true when the endpoint only reads)");
  }
  // The flag anywhere else says nothing or contradicts the operation: refused, not ignored.
  if (read_despite_method && (function.is_write() || effect == MethodEffect::kReadOnly)) {
    reader.fail("read_despite_method",
                "is true on a " + std::string(config::operation_name(function.operation)) +
                    " with method " + function.method + " (allowed only on a read with method " +
                    joined(methods_that_change_data()) + ")");
  }
}

std::string parse_hook(const Reader& reader) {
  if (!reader.has("hook")) return "";
  const std::string hook = reader.string("hook");
  if (!is_registered_hook(hook)) {
    reader.fail("hook", "has unknown value '" + hook + "' " + allowed(registered_hook_names()));
  }
  return hook;
}

constexpr std::pair<const char*, PagingStyle> kPagingStyles[] = {
    {"none", PagingStyle::kNone},     {"cursor", PagingStyle::kCursor},
    {"page", PagingStyle::kPageNumber}, {"offset", PagingStyle::kOffset},
    {"until", PagingStyle::kUntil},   {"link", PagingStyle::kLinkHeader},
};

// `items` is one dotted path or a list of them.
std::vector<std::string> paging_items(const Reader& reader) {
  const Json* value = reader.json_value("items");
  if (value == nullptr) return reader.fail("items", "is required"), std::vector<std::string>{};
  if (value->IsString()) return {value->GetString()};
  std::vector<std::string> paths = reader.strings("items");
  if (paths.empty()) reader.fail("items", "must be a path or a non-empty array of paths");
  return paths;
}

// The argument a paging key names must be one of the function's parameters (its first dotted
// segment), so a typo is refused at load instead of sending a parameter the vendor ignores.
void check_paging_argument(const Reader& reader, const Function& function, const char* key,
                           const std::string& argument) {
  if (argument.empty()) return;
  const std::string head = argument.substr(0, argument.find('.'));
  for (const Parameter& parameter : function.parameters) {
    if (parameter.name == head) return;
  }
  reader.fail(key, "names '" + argument + "', which is not a parameter of " + function.name);
}

// What each style cannot do without.
void check_paging(const Reader& reader, const Function& function, const Paging& paging) {
  const bool moves = paging.style != PagingStyle::kNone;
  if (moves && paging.position.empty()) reader.fail("position", "is required");
  if (!moves && paging.note.empty()) reader.fail("note", "is required when style is 'none'");
  const bool needs_next = paging.style == PagingStyle::kCursor ||
                          paging.style == PagingStyle::kUntil ||
                          paging.style == PagingStyle::kLinkHeader;
  if (needs_next && paging.next.empty()) reader.fail("next", "is required for this style");
  // Offset and until paging tell the last page by its being short: they need the page size.
  const bool needs_size = paging.style == PagingStyle::kOffset || paging.style == PagingStyle::kUntil;
  if (needs_size && paging.default_size <= 0) reader.fail("default_size", "is required for this style");
  check_paging_argument(reader, function, "position", paging.position);
  check_paging_argument(reader, function, "size", paging.size);
}

std::optional<Paging> parse_paging(const Reader& function_reader, const Function& function) {
  const Json* object = function_reader.object("paging");
  if (object == nullptr) return std::nullopt;
  const Reader reader = function_reader.child(*object, ".paging");
  Paging paging;
  paging.style = choose(reader, "style", kPagingStyles, std::nullopt);
  paging.items = paging_items(reader);
  paging.position = reader.string("position");
  paging.size = reader.string("size");
  paging.next = reader.string("next");
  paging.more = reader.string("more");
  paging.total = reader.string("total");
  paging.first_page = static_cast<int64_t>(reader.number("first_page").value_or(1));
  paging.default_size = static_cast<int64_t>(reader.number("default_size").value_or(0));
  paging.note = reader.string("note");
  check_paging(reader, function, paging);
  return paging;
}

constexpr std::pair<const char*, bool> kEndpoints[] = {{"documented", false},
                                                       {"undocumented", true}};

// An undocumented endpoint must say why it is called: the catalog shows the reason to users.
void parse_endpoint(const Reader& reader, Function& function) {
  function.undocumented_endpoint = choose(reader, "endpoint", kEndpoints, false);
  function.endpoint_note = reader.string("endpoint_note");
  if (function.undocumented_endpoint && function.endpoint_note.empty()) {
    reader.fail("endpoint_note", "is required when endpoint is 'undocumented'");
  }
}

Function parse_function(const Reader& reader, const std::string& integration) {
  Function function;
  function.name = reader.required_string("name");
  function.slug = reader.string("slug", integration + "_" + function.name);
  function.aliases = reader.strings("aliases");
  function.description = reader.required_string("description");
  parse_operation(reader, function);
  function.path = reader.string("path");
  function.response = choose(reader, "response", kResponses, ResponseKind::kJson);
  function.hook = parse_hook(reader);
  function.hook_message = reader.string("hook_message");
  function.credential = reader.string("credential");
  function.headers = reader.string_map("headers");
  if (const Json* auth = reader.object("auth")) {
    function.auth = parse_auth(reader.child(*auth, ".auth"));
  }
  if (std::string base = reader.string("base_url"); !base.empty()) function.base_url = base;
  if (std::string field = reader.string("base_url_field"); !field.empty()) {
    function.base_url_field = field;
  }
  if (const Json* prefix = reader.json_value("path_prefix")) {
    if (prefix->IsString()) {
      function.path_prefix = prefix->GetString();
    } else {
      reader.fail("path_prefix", "must be a string");
    }
  }
  function.requires_credentials = reader.strings("requires_credentials");
  function.wrap_result = reader.string("wrap_result");
  function.hidden = reader.boolean("hidden", false);
  parse_endpoint(reader, function);
  function.checked_against = reader.string("checked_against");
  const ParamLocation default_location = function.method == "GET" || function.method == "DELETE"
                                             ? ParamLocation::kQuery
                                             : ParamLocation::kBody;
  reader.each_object("parameters", [&](const Reader& parameter) {
    function.parameters.push_back(parse_parameter(parameter, default_location));
  });
  function.paging = parse_paging(reader, function);
  return function;
}

void parse_auth_and_errors(const Reader& reader, Manifest& manifest) {
  if (const Json* auth = reader.object("auth")) {
    manifest.auth = parse_auth(reader.child(*auth, ".auth"));
  }
  if (const Json* responses = reader.object("responses")) {
    const Reader response_reader = reader.child(*responses, ".responses");
    manifest.responses.empty_body_json = response_reader.json_text("empty_body");
    manifest.responses.text_body_key = response_reader.string("text_body_key");
  }
  if (const Json* errors = reader.object("errors")) {
    const Reader error_reader = reader.child(*errors, ".errors");
    manifest.errors.http = error_reader.string("http", manifest.errors.http);
    manifest.errors.message_fields = error_reader.strings("message_fields");
    manifest.errors.html = error_reader.string("html");
    manifest.errors.connection = error_reader.string("connection", manifest.errors.connection);
  }
}

Manifest read_manifest(const rapidjson::Document& document, const std::string& source,
                       Problems& problems) {
  const Reader reader(document, source, problems);
  Manifest manifest;
  manifest.name = reader.required_string("name");
  manifest.label = reader.string("label", manifest.name);
  manifest.description = reader.string("description");
  manifest.base_url = reader.required_string("base_url");
  manifest.base_url_field = reader.string("base_url_field");
  manifest.base_url_host_suffix = reader.string("base_url_host_suffix");
  manifest.path_prefix = reader.string("path_prefix");
  manifest.headers = reader.string_map("headers");
  manifest.timeout_seconds = reader.number("timeout_seconds").value_or(30);
  parse_auth_and_errors(reader, manifest);
  reader.each_object("credentials", [&](const Reader& field_reader) {
    config::CredentialField credential;
    credential.key = field_reader.required_string("key");
    credential.label = field_reader.string("label", credential.key);
    credential.required = field_reader.boolean("required", true);
    credential.secret = field_reader.boolean("secret", false);
    if (std::string value = field_reader.string("default"); !value.empty()) {
      credential.default_value = value;
    }
    credential.description = field_reader.string("description");
    manifest.credentials.push_back(std::move(credential));
  });
  if (!reader.has("functions")) reader.fail("functions", "is required");
  reader.each_object("functions", [&](const Reader& function) {
    manifest.functions.push_back(parse_function(function, manifest.name));
  });
  const std::string checked_against = reader.string("checked_against");
  for (Function& function : manifest.functions) {
    if (function.checked_against.empty()) function.checked_against = checked_against;
  }
  return manifest;
}

}  // namespace

Outcome<Manifest> parse_manifest(std::string_view json_text, const std::string& source) {
  rapidjson::Document document;
  // Bounded and iterative: a user manifest nested a million deep is an error, not a crash.
  const rapidjson::ParseResult parsed = parse_json(json_text, document);
  if (parsed.IsError()) {
    return Failure{ErrorCode::kConfig, source + ": invalid JSON: " + describe_json_error(parsed) +
                                           " at byte " + std::to_string(parsed.Offset())};
  }
  if (!document.IsObject()) {
    return Failure{ErrorCode::kConfig, source + ": a manifest is a JSON object"};
  }
  Problems problems;
  Manifest manifest = read_manifest(document, source, problems);
  if (problems.first()) return Failure{ErrorCode::kConfig, *problems.first()};
  return manifest;
}

const char* to_string(ParamType type) {
  for (const auto& [name, value] : kTypes) {
    if (value == type) return name;
  }
  return "string";
}

}  // namespace kosmo::integrations
