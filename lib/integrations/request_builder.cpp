#include "lib/integrations/request_builder.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "lib/common/json_text.h"
#include "lib/http/base64.h"
#include "lib/integrations/url_builder.h"
#include "lib/integrations/url_encoding.h"

namespace kosmo::integrations {
namespace {

void add_auth(const Auth& auth, const Credentials& credentials, http::HeaderList& headers) {
  auto value = [&](const std::string& field) {
    auto found = credentials.find(field);
    return found == credentials.end() ? std::string() : found->second;
  };
  switch (auth.scheme) {
    case AuthScheme::kNone:
      break;
    case AuthScheme::kBearer:
      headers.emplace_back("Authorization", "Bearer " + value(auth.credential));
      break;
    case AuthScheme::kHeader:
      headers.emplace_back(auth.header, value(auth.credential));
      break;
    case AuthScheme::kBasic:
      headers.emplace_back(
          "Authorization",
          "Basic " + http::base64_encode(value(auth.username) + ":" + value(auth.password)));
      break;
  }
}

// An array parameter with a separator travels as one joined string.
rapidjson::Value wire_value(const Parameter& parameter, const rapidjson::Value& value,
                            rapidjson::Document::AllocatorType& allocator) {
  if (parameter.join.empty() || !value.IsArray()) return rapidjson::Value(value, allocator);
  std::string joined;
  for (const auto& item : value.GetArray()) {
    if (!joined.empty() || &item != value.Begin()) joined += parameter.join;
    joined += scalar_text(item);
  }
  return rapidjson::Value(joined.c_str(), allocator);
}

// The object at dotted `path` inside `body` ("clientRequest.storageConfig"), created as needed.
rapidjson::Value& body_slot(rapidjson::Document& body, const std::string& path) {
  auto& allocator = body.GetAllocator();
  if (!body.IsObject()) body.SetObject();
  rapidjson::Value* slot = &body;
  size_t start = 0;
  while (true) {
    const size_t dot = path.find('.', start);
    if (dot == std::string::npos) break;
    const std::string key = path.substr(start, dot - start);
    auto found = slot->FindMember(key.c_str());
    if (found == slot->MemberEnd() || !found->value.IsObject()) {
      if (found != slot->MemberEnd()) slot->RemoveMember(found);
      slot->AddMember(rapidjson::Value(key.c_str(), allocator),
                      rapidjson::Value(rapidjson::kObjectType), allocator);
      found = slot->FindMember(key.c_str());
    }
    slot = &found->value;
    start = dot + 1;
  }
  return *slot;
}

void set_member(rapidjson::Value& object, const std::string& key, const rapidjson::Value& value,
                rapidjson::Document::AllocatorType& allocator) {
  object.RemoveMember(key.c_str());
  object.AddMember(rapidjson::Value(key.c_str(), allocator), rapidjson::Value(value, allocator),
                   allocator);
}

// Body objects are merged first so that explicit body parameters override their keys.
void place_body(const Function& function, const rapidjson::Value& arguments, BuiltRequest& built) {
  auto& allocator = built.body.GetAllocator();
  for (const bool objects : {true, false}) {
    for (const Parameter& parameter : function.parameters) {
      const bool is_object = parameter.in == ParamLocation::kBodyObject;
      if ((parameter.in != ParamLocation::kBody && !is_object) || is_object != objects) continue;
      auto found = arguments.FindMember(parameter.name.c_str());
      if (found == arguments.MemberEnd()) continue;
      if (is_object) {
        const std::string target = parameter.wire == parameter.name ? "" : parameter.wire + ".";
        rapidjson::Value& slot = target.empty() ? static_cast<rapidjson::Value&>(built.body)
                                                : body_slot(built.body, target);
        if (!slot.IsObject()) slot.SetObject();
        for (const auto& member : found->value.GetObject()) {
          set_member(slot, member.name.GetString(), member.value, allocator);
        }
      } else {
        rapidjson::Value& slot = body_slot(built.body, parameter.wire);
        const std::string key = parameter.wire.substr(parameter.wire.rfind('.') + 1);
        set_member(slot, key, wire_value(parameter, found->value, allocator), allocator);
      }
    }
  }
}

// Arguments the function does not declare (ArgumentBinder let them through because the function
// sends a JSON body) go at the top of the body, after the declared ones, as the caller wrote them.
void place_passthrough(const Function& function, const rapidjson::Value& arguments,
                       BuiltRequest& built) {
  if (!function.takes_json_body()) return;
  for (const auto& member : arguments.GetObject()) {
    const std::string name(member.name.GetString(), member.name.GetStringLength());
    bool declared = false;
    for (const Parameter& parameter : function.parameters) declared |= parameter.name == name;
    if (declared) continue;
    if (!built.body.IsObject()) built.body.SetObject();
    set_member(built.body, name, member.value, built.body.GetAllocator());
  }
}

void place_query_and_headers(const Function& function, const rapidjson::Value& arguments,
                             BuiltRequest& built, std::string& query) {
  auto& allocator = built.query.GetAllocator();
  for (const Parameter& parameter : function.parameters) {
    auto found = arguments.FindMember(parameter.name.c_str());
    if (found == arguments.MemberEnd()) continue;
    if (parameter.in == ParamLocation::kQuery) {
      rapidjson::Value value = wire_value(parameter, found->value, allocator);
      append_query(query, parameter.wire, value);
      set_member(built.query, parameter.wire, value, allocator);
    } else if (parameter.in == ParamLocation::kQueryObject) {
      for (const auto& member : found->value.GetObject()) {
        append_query(query, member.name.GetString(), member.value);
        set_member(built.query, member.name.GetString(), member.value, allocator);
      }
    } else if (parameter.in == ParamLocation::kHeader) {
      // A list travels as one header, joined (Anthropic's anthropic-beta: "a,b").
      built.http.headers.emplace_back(parameter.wire,
                                      scalar_text(wire_value(parameter, found->value, allocator)));
    }
  }
}

bool same_header_name(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// Sets `name` to `value`, replacing an earlier header of that name (HTTP names ignore case): a
// function's own header, such as the Accept: application/binary of a file download, wins over
// the defaults instead of travelling next to them.
void set_header(http::HeaderList& headers, const std::string& name, const std::string& value) {
  headers.erase(std::remove_if(headers.begin(), headers.end(),
                               [&name](const std::pair<std::string, std::string>& header) {
                                 return same_header_name(header.first, name);
                               }),
                headers.end());
  headers.emplace_back(name, value);
}

}  // namespace

const Auth& auth_of(const Manifest& manifest, const Function& function) {
  return function.auth ? *function.auth : manifest.auth;
}

std::string auth_credential_field(const Manifest& manifest, const Function& function) {
  if (!function.credential.empty()) return function.credential;
  return auth_of(manifest, function).credential;
}

Outcome<BuiltRequest> build_request(const Manifest& manifest, const Function& function,
                                    const rapidjson::Value& arguments,
                                    const Credentials& credentials, const std::string* base_url) {
  BuiltRequest built;
  std::optional<Outcome<std::string>> built_base;
  if (base_url == nullptr) {
    built_base.emplace(build_base_url(manifest, function, credentials));
    if (!*built_base) return std::move(*built_base).error();
    base_url = &**built_base;
  }
  const std::string& base = *base_url;
  Outcome<std::string> relative = build_relative_path(function, arguments);
  if (!relative) return std::move(relative).error();
  std::string path = std::move(*relative);
  std::string query;
  for (const Parameter& parameter : function.parameters) {
    if (parameter.in != ParamLocation::kRawPath) continue;
    Outcome<std::string> checked = checked_raw_path(path, base);
    if (!checked) return std::move(checked).error();
    path = std::move(*checked);
    const size_t question = path.find('?');
    if (question != std::string::npos) {
      query = path.substr(question + 1);
      path.erase(question);
    }
  }
  place_query_and_headers(function, arguments, built, query);
  place_body(function, arguments, built);
  place_passthrough(function, arguments, built);

  http::HttpRequest& request = built.http;
  request.method = function.method;
  request.url.reserve(base.size() + path.size() + 1 + query.size());
  request.url.append(base).append(path);
  built.query_at = request.url.size();
  if (!query.empty()) request.url.append("?").append(query);
  request.total_timeout_s = manifest.timeout_seconds;
  request.route_scope = manifest.name;
  request.route_path = std::move(path);
  request.route_query = std::move(query);
  request.headers.emplace_back("Accept", "application/json");
  for (const auto& [name, value] : manifest.headers) set_header(request.headers, name, value);
  for (const auto& [name, value] : function.headers) set_header(request.headers, name, value);
  Auth auth = auth_of(manifest, function);
  if (!function.credential.empty()) auth.credential = function.credential;
  add_auth(auth, credentials, request.headers);
  if (built.body.IsObject()) {
    request.body = json::compact_text(built.body);
    request.has_body = true;
    request.headers.emplace_back("Content-Type", "application/json");
  }
  return built;
}

}  // namespace kosmo::integrations
