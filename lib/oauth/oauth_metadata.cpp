#include "lib/oauth/oauth_metadata.h"

#include <rapidjson/document.h>

#include <algorithm>

#include "lib/common/json_parse.h"
#include "lib/common/json_text.h"
#include "lib/oauth/oauth_urls.h"

namespace kosmo::oauth {
namespace {

std::vector<std::string> strings_member(const rapidjson::Value& object, const char* name) {
  std::vector<std::string> values;
  const auto found = object.FindMember(name);
  if (found == object.MemberEnd() || !found->value.IsArray()) return values;
  for (const auto& item : found->value.GetArray()) {
    if (item.IsString()) values.emplace_back(item.GetString());
  }
  return values;
}

bool parse_object(std::string_view json, rapidjson::Document& document) {
  return !parse_json(json, document).IsError() && document.IsObject();
}

bool contains(const std::vector<std::string>& values, std::string_view value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

}  // namespace

bool AuthorizationServerMetadata::supports_scope(std::string_view scope) const {
  return contains(scopes_supported, scope);
}

bool AuthorizationServerMetadata::supports_challenge_method(std::string_view method) const {
  return contains(code_challenge_methods_supported, method);
}

bool AuthorizationServerMetadata::supports_auth_method(std::string_view method) const {
  if (token_endpoint_auth_methods_supported.empty()) return method == "client_secret_basic";
  return contains(token_endpoint_auth_methods_supported, method);
}

std::optional<ProtectedResourceMetadata> parse_protected_resource_metadata(std::string_view json) {
  rapidjson::Document document;
  if (!parse_object(json, document)) return std::nullopt;
  const auto resource = document.FindMember("resource");
  if (resource == document.MemberEnd() || !resource->value.IsString()) return std::nullopt;
  ProtectedResourceMetadata metadata;
  metadata.resource = resource->value.GetString();
  metadata.authorization_servers = strings_member(document, "authorization_servers");
  metadata.scopes_supported = strings_member(document, "scopes_supported");
  return metadata;
}

std::optional<AuthorizationServerMetadata> parse_authorization_server_metadata(
    std::string_view json) {
  rapidjson::Document document;
  if (!parse_object(json, document)) return std::nullopt;
  AuthorizationServerMetadata metadata;
  metadata.token_endpoint = json::string_member(document, "token_endpoint");
  if (metadata.token_endpoint.empty()) return std::nullopt;
  metadata.issuer = json::string_member(document, "issuer");
  metadata.authorization_endpoint = json::string_member(document, "authorization_endpoint");
  metadata.registration_endpoint = json::string_member(document, "registration_endpoint");
  metadata.scopes_supported = strings_member(document, "scopes_supported");
  metadata.grant_types_supported = strings_member(document, "grant_types_supported");
  metadata.token_endpoint_auth_methods_supported =
      strings_member(document, "token_endpoint_auth_methods_supported");
  metadata.code_challenge_methods_supported =
      strings_member(document, "code_challenge_methods_supported");
  const auto cimd = document.FindMember("client_id_metadata_document_supported");
  metadata.client_id_metadata_document_supported =
      cimd != document.MemberEnd() && cimd->value.IsBool() && cimd->value.GetBool();
  return metadata;
}

AuthorizationServerMetadata default_endpoints(std::string_view server_url) {
  const std::string origin = split_url(server_url).value_or(SplitUrl{}).origin;
  AuthorizationServerMetadata metadata;
  metadata.issuer = origin;
  metadata.authorization_endpoint = origin + "/authorize";
  metadata.token_endpoint = origin + "/token";
  metadata.registration_endpoint = origin + "/register";
  return metadata;
}

}  // namespace kosmo::oauth
