#include "lib/integrations/request_builder.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <stdexcept>

#include "lib/http/base64.h"
#include "lib/integrations/url_encoding.h"

namespace kosmo::integrations {
namespace {

// Replaces each {name} in `pattern` with lookup(name); `encode` percent-encodes the values.
template <typename Lookup>
std::string fill_template(const std::string& pattern, Lookup lookup, bool encode) {
  std::string out;
  size_t at = 0;
  while (at < pattern.size()) {
    const size_t open = pattern.find('{', at);
    const size_t close = open == std::string::npos ? open : pattern.find('}', open);
    if (close == std::string::npos) {
      out.append(pattern, at, std::string::npos);
      break;
    }
    out.append(pattern, at, open - at);
    const std::string value = lookup(pattern.substr(open + 1, close - open - 1));
    out += encode ? percent_encode(value) : value;
    at = close + 1;
  }
  return out;
}

std::string base_url(const Manifest& manifest, const Credentials& credentials) {
  std::string base = manifest.base_url;
  if (!manifest.base_url_field.empty()) {
    auto override_value = credentials.find(manifest.base_url_field);
    if (override_value != credentials.end() && !override_value->second.empty()) {
      base = override_value->second;
    }
  }
  auto credential = [&](const std::string& name) {
    auto found = credentials.find(name);
    if (found == credentials.end()) throw std::runtime_error("no value for {" + name + "}");
    return found->second;
  };
  base = fill_template(base, credential, false);
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + fill_template(manifest.path_prefix, credential, true);
}

std::string relative_path(const Function& function, const rapidjson::Value& arguments) {
  auto argument = [&](const std::string& name) {
    for (const Parameter& parameter : function.parameters) {
      if (parameter.wire != name && parameter.name != name) continue;
      auto found = arguments.FindMember(parameter.name.c_str());
      if (found != arguments.MemberEnd()) return scalar_text(found->value);
    }
    throw std::runtime_error("app.integrations: " + function.slug + " needs a value for '" +
                             name + "'. No external call was made.");
  };
  return fill_template(function.path, argument, true);
}

void add_auth(const Manifest& manifest, const Function& function, const Credentials& credentials,
              http::HeaderList& headers) {
  auto value = [&](const std::string& field) {
    auto found = credentials.find(field);
    return found == credentials.end() ? std::string() : found->second;
  };
  switch (manifest.auth.scheme) {
    case AuthScheme::kBearer:
      headers.emplace_back("Authorization",
                           "Bearer " + value(auth_credential_field(manifest, function)));
      break;
    case AuthScheme::kHeader:
      headers.emplace_back(manifest.auth.header, value(auth_credential_field(manifest, function)));
      break;
    case AuthScheme::kBasic:
      headers.emplace_back("Authorization",
                           "Basic " + http::base64_encode(value(manifest.auth.username) + ":" +
                                                          value(manifest.auth.password)));
      break;
  }
}

void place_arguments(const Function& function, const rapidjson::Value& arguments,
                     BuiltRequest& built, std::string& query) {
  auto& query_allocator = built.query.GetAllocator();
  for (const Parameter& parameter : function.parameters) {
    auto found = arguments.FindMember(parameter.name.c_str());
    if (found == arguments.MemberEnd()) continue;
    const rapidjson::Value& value = found->value;
    switch (parameter.in) {
      case ParamLocation::kPath:
        break;
      case ParamLocation::kQuery:
        append_query(query, parameter.wire, value);
        built.query.AddMember(rapidjson::Value(parameter.wire.c_str(), query_allocator),
                              rapidjson::Value(value, query_allocator), query_allocator);
        break;
      case ParamLocation::kQueryObject:
        for (const auto& member : value.GetObject()) {
          append_query(query, member.name.GetString(), member.value);
          built.query.AddMember(rapidjson::Value(member.name, query_allocator),
                                rapidjson::Value(member.value, query_allocator), query_allocator);
        }
        break;
      case ParamLocation::kHeader:
        built.http.headers.emplace_back(parameter.wire, scalar_text(value));
        break;
      case ParamLocation::kBody:
      case ParamLocation::kBodyObject: {
        auto& allocator = built.body.GetAllocator();
        if (!built.body.IsObject()) built.body.SetObject();
        if (parameter.in == ParamLocation::kBodyObject) {
          for (const auto& member : value.GetObject()) {
            built.body.RemoveMember(member.name);
            built.body.AddMember(rapidjson::Value(member.name, allocator),
                                 rapidjson::Value(member.value, allocator), allocator);
          }
        } else {
          built.body.RemoveMember(parameter.wire.c_str());
          built.body.AddMember(rapidjson::Value(parameter.wire.c_str(), allocator),
                               rapidjson::Value(value, allocator), allocator);
        }
        break;
      }
    }
  }
}

std::string to_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace

std::string auth_credential_field(const Manifest& manifest, const Function& function) {
  return function.credential.empty() ? manifest.auth.credential : function.credential;
}

BuiltRequest build_request(const Manifest& manifest, const Function& function,
                           const rapidjson::Value& arguments, const Credentials& credentials) {
  BuiltRequest built;
  built.relative_path = relative_path(function, arguments);
  built.url_without_query = base_url(manifest, credentials) + built.relative_path;
  std::string query;
  place_arguments(function, arguments, built, query);

  http::HttpRequest& request = built.http;
  request.method = function.method;
  request.url = built.url_without_query + (query.empty() ? "" : "?" + query);
  request.total_timeout_s = manifest.timeout_seconds;
  request.route_scope = manifest.name;
  request.route_path = built.relative_path;
  request.route_query = query;
  request.headers.emplace_back("Accept", "application/json");
  for (const auto& [name, value] : manifest.headers) request.headers.emplace_back(name, value);
  for (const auto& [name, value] : function.headers) request.headers.emplace_back(name, value);
  add_auth(manifest, function, credentials, request.headers);
  if (built.body.IsObject()) {
    request.body = to_json(built.body);
    request.has_body = true;
    request.headers.emplace_back("Content-Type", "application/json");
  }
  return built;
}

}  // namespace kosmo::integrations
