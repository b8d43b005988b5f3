#include "lib/oauth/client_registration.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "lib/common/json_parse.h"
#include "lib/common/json_text.h"

namespace kosmo::oauth {
namespace {

void strings(rapidjson::Writer<rapidjson::StringBuffer>& writer, const char* key,
             std::initializer_list<const char*> values) {
  writer.Key(key);
  writer.StartArray();
  for (const char* value : values) writer.String(value);
  writer.EndArray();
}

}  // namespace

std::string registration_request_body(const std::string& redirect_uri,
                                      const AuthorizationServerMetadata& server) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("client_name");
  writer.String(kClientName);
  writer.Key("redirect_uris");
  writer.StartArray();
  writer.String(redirect_uri.c_str(), static_cast<rapidjson::SizeType>(redirect_uri.size()));
  writer.EndArray();
  // SEP-2207: a client that wants refresh tokens says so in its metadata.
  strings(writer, "grant_types", {"authorization_code", "refresh_token"});
  strings(writer, "response_types", {"code"});
  // A native client cannot keep a secret; servers that only take confidential clients answer
  // with the method they chose, which kosmo then uses.
  writer.Key("token_endpoint_auth_method");
  writer.String(server.supports_auth_method("none") ? "none" : "client_secret_basic");
  writer.EndObject();
  return buffer.GetString();
}

Outcome<ClientIdentity> parse_registration_response(const FetchAnswer& answer) {
  rapidjson::Document document;
  const bool object = !parse_json(answer.body, document).IsError() && document.IsObject();
  if (answer.status < 200 || answer.status >= 300 || !object ||
      json::string_member(document, "client_id").empty()) {
    std::string why = "HTTP " + std::to_string(answer.status);
    if (object && !json::string_member(document, "error").empty()) {
      why += ": " + json::string_member(document, "error");
    }
    return Failure{ErrorCode::kAuthRequired, "client registration failed (" + why + ")"};
  }
  ClientIdentity client;
  client.client_id = json::string_member(document, "client_id");
  client.client_secret = json::string_member(document, "client_secret");
  if (std::optional<ClientAuthMethod> method =
          parse_auth_method(json::string_member(document, "token_endpoint_auth_method"))) {
    client.method = method;
  }
  return client;
}

Outcome<ClientIdentity> register_client(const OAuthFetch& fetch,
                                        const AuthorizationServerMetadata& server,
                                        const std::string& redirect_uri) {
  Outcome<FetchAnswer> answer = fetch.post_json(server.registration_endpoint,
                                                registration_request_body(redirect_uri, server));
  if (!answer) return answer.error();
  return parse_registration_response(*answer);
}

}  // namespace kosmo::oauth
