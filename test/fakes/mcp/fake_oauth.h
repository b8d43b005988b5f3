#pragma once
// --oauth: the fake HTTP server as an OAuth 2.1 protected resource and its own authorization
// server (MCP authorization 2025-11-25; RFC 9728 resource metadata, RFC 8414 server metadata,
// RFC 7591 registration, PKCE S256, RFC 8707 resource indicators), for end-to-end tests of
// kosmo's MCP OAuth client. `base` is http://127.0.0.1:PORT.
//
//   GET  /.well-known/oauth-protected-resource/mcp   {resource, authorization_servers, scopes}
//   GET  /.well-known/oauth-authorization-server     issuer base, endpoints below
//   GET  /.well-known/<anything else>                404
//   POST /register    JSON metadata → 201 fake-client-N / fake-secret-N (client_secret_basic)
//   GET  /authorize   PKCE S256, loopback redirect_uri, resource base/mcp → 302 ?code&state
//   POST /token       authorization_code, refresh_token (rotated), client_credentials
//
// /mcp asks authorize_mcp() first: a live access token it issued, else 401 with
// WWW-Authenticate: Bearer resource_metadata="...", scope="..." [, error="invalid_token"].
// Every OAuth request becomes a /debug/log entry (take_log()) without any secret in it.
#include <httplib.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fake_mcp_options.h"
#include "lib/mcp/sha256.h"

namespace kosmo::fake_mcp {

namespace oauth_detail {

inline constexpr char kBase64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

inline std::string base64url_unpadded(std::string_view bytes) {
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (const char c : bytes) {
    bits = bits << 8 | static_cast<unsigned char>(c);
    for (count += 8; count >= 6; count -= 6) out += kBase64[(bits >> (count - 6)) & 63];
  }
  if (count > 0) out += kBase64[(bits << (6 - count)) & 63];
  for (char& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return out;
}

// Standard base64 as in a Basic header; padding optional. False on any other character.
inline bool base64_decode(std::string_view text, std::string& out) {
  uint32_t bits = 0;
  int count = 0;
  size_t padding = 0;
  for (const char c : text) {
    if (c == '=') {
      ++padding;
      continue;
    }
    const char* at = std::char_traits<char>::find(kBase64, 64, c);
    if (at == nullptr || padding > 0) return false;
    bits = bits << 6 | static_cast<uint32_t>(at - kBase64);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return padding <= 2;
}

// RFC 7636 S256: BASE64URL(SHA256(verifier)), no padding.
inline std::string s256_challenge(std::string_view verifier) {
  const std::string hex = kosmo::mcp::sha256_hex(verifier);
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  return base64url_unpadded(bytes);
}

// RFC 7636 §4.1: 43 to 128 unreserved characters.
inline bool well_formed_verifier(std::string_view verifier) {
  if (verifier.size() < 43 || verifier.size() > 128) return false;
  for (const char c : verifier) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_' &&
        c != '~') {
      return false;
    }
  }
  return true;
}

inline std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
  return out;
}

// application/x-www-form-urlencoded decoding ('+' is a space), as RFC 6749 §2.3.1 asks of the
// two halves of a Basic client credential.
inline std::string form_decode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(text[i + 1]) &&
               std::isxdigit(text[i + 2])) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// A loopback redirect (RFC 8252 §7.3): http://127.0.0.1:PORT, http://localhost:PORT or
// http://[::1]:PORT, any port, then a path, a query or nothing.
inline bool loopback_redirect(const std::string& uri) {
  for (const char* host : {"http://127.0.0.1:", "http://localhost:", "http://[::1]:"}) {
    const std::string prefix = host;
    if (uri.compare(0, prefix.size(), prefix) != 0) continue;
    size_t at = prefix.size();
    const size_t digits = at;
    while (at < uri.size() && std::isdigit(static_cast<unsigned char>(uri[at]))) ++at;
    return at > digits && (at == uri.size() || uri[at] == '/' || uri[at] == '?');
  }
  return false;
}

inline bool starts_with_word(const std::string& header, const std::string& scheme) {
  if (header.size() <= scheme.size() || header[scheme.size()] != ' ') return false;
  for (size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(header[i])) != scheme[i]) return false;
  }
  return true;
}

inline std::vector<std::string> words_of(const std::string& text) {
  std::istringstream stream(text);
  std::vector<std::string> words;
  for (std::string word; stream >> word;) words.push_back(word);
  return words;
}

// A JSON object written member by member.
class JsonObject {
 public:
  JsonObject() { writer_.StartObject(); }
  JsonObject& text(const char* key, const std::string& value) {
    writer_.Key(key);
    writer_.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
    return *this;
  }
  JsonObject& number(const char* key, int64_t value) {
    writer_.Key(key);
    writer_.Int64(value);
    return *this;
  }
  JsonObject& boolean(const char* key, bool value) {
    writer_.Key(key);
    writer_.Bool(value);
    return *this;
  }
  JsonObject& texts(const char* key, const std::vector<std::string>& values) {
    writer_.Key(key);
    writer_.StartArray();
    for (const std::string& value : values) {
      writer_.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
    }
    writer_.EndArray();
    return *this;
  }
  JsonObject& value(const char* key, const rapidjson::Value& value) {
    writer_.Key(key);
    value.Accept(writer_);
    return *this;
  }
  std::string done() {
    writer_.EndObject();
    return std::string(buffer_.GetString(), buffer_.GetSize());
  }

 private:
  rapidjson::StringBuffer buffer_;
  rapidjson::Writer<rapidjson::StringBuffer> writer_{buffer_};
};

}  // namespace oauth_detail

class FakeOAuth {
 public:
  FakeOAuth(const Options& options, httplib::Server& server) : options_(options) {
    if (!options.oauth_client_id.empty()) {
      clients_[options.oauth_client_id] = Client{options.oauth_client_secret, true};
    }
    server.Get(R"(/\.well-known/oauth-protected-resource/mcp)",
               [this](const httplib::Request& request, httplib::Response& response) {
                 serve(request, response, &FakeOAuth::resource_metadata);
               });
    server.Get(R"(/\.well-known/oauth-authorization-server)",
               [this](const httplib::Request& request, httplib::Response& response) {
                 serve(request, response, &FakeOAuth::server_metadata);
               });
    server.Get(R"(/\.well-known/.*)",
               [this](const httplib::Request& request, httplib::Response& response) {
                 serve(request, response,
                       [](FakeOAuth&, const httplib::Request&, httplib::Response& answer, Entry&) {
                         answer.status = 404;
                         answer.set_content("not found", "text/plain");
                       });
               });
    server.Post("/register", [this](const httplib::Request& request, httplib::Response& response) {
      serve(request, response, &FakeOAuth::register_client);
    });
    server.Get("/authorize", [this](const httplib::Request& request, httplib::Response& response) {
      serve(request, response, &FakeOAuth::authorize);
    });
    server.Post("/token", [this](const httplib::Request& request, httplib::Response& response) {
      serve(request, response, &FakeOAuth::token);
    });
  }

  // The port the server listens on, known once it is bound: it makes `base`.
  void set_port(int port) {
    std::lock_guard<std::mutex> lock(mutex_);
    base_ = "http://127.0.0.1:" + std::to_string(port);
  }

  // Whether a request carries "Authorization: Bearer ..." (for /debug/log).
  static bool has_bearer(const httplib::Request& request) {
    return oauth_detail::starts_with_word(request.get_header_value("Authorization"), "bearer");
  }

  // True when /mcp may serve the request; otherwise the 401 is in `response`.
  bool authorize_mcp(const httplib::Request& request, httplib::Response& response) {
    std::lock_guard<std::mutex> lock(mutex_);
    const bool sent = has_bearer(request);
    if (sent) {
      std::string token = request.get_header_value("Authorization").substr(7);
      while (!token.empty() && token.front() == ' ') token.erase(0, 1);
      auto it = access_tokens_.find(token);
      if (it != access_tokens_.end() && Clock::now() < it->second.expires) return true;
    }
    std::string challenge = "Bearer resource_metadata=\"" + base_ +
                            "/.well-known/oauth-protected-resource/mcp\", scope=\"" +
                            options_.oauth_scope + "\"";
    if (sent) challenge += ", error=\"invalid_token\"";
    response.status = 401;
    response.set_header("WWW-Authenticate", challenge);
    response.set_content(R"({"error":"invalid_token"})", "application/json");
    return false;
  }

  // The log entries since the last call, oldest first: JSON objects.
  std::vector<std::string> take_log() {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::exchange(log_, {});
  }

 private:
  using Clock = std::chrono::system_clock;  // token lifetimes run on the wall clock

  struct Client {
    std::string secret;  // "": a public client (token_endpoint_auth_method none)
    bool preregistered = false;
  };
  struct Code {
    std::string client_id, challenge, redirect_uri, scope, resource;
  };
  struct AccessToken {
    std::string client_id, scope;
    Clock::time_point expires;
  };
  struct RefreshToken {
    std::string client_id, scope, resource;
  };
  // One /debug/log entry; empty fields are left out.
  struct Entry {
    std::string method, path, grant_type, client_id, client_auth, resource, scope,
        code_challenge_method, error;
  };
  struct Refusal {
    int status;
    std::string error, description;
  };

  template <typename Handler>
  void serve(const httplib::Request& request, httplib::Response& response, Handler handler) {
    std::lock_guard<std::mutex> lock(mutex_);
    Entry entry;
    entry.method = request.method;
    entry.path = request.path;
    std::invoke(handler, *this, request, response, entry);
    oauth_detail::JsonObject json;
    const std::pair<const char*, const std::string*> fields[] = {
        {"method", &entry.method},
        {"path", &entry.path},
        {"grant_type", &entry.grant_type},
        {"client_id", &entry.client_id},
        {"client_auth", &entry.client_auth},
        {"resource", &entry.resource},
        {"scope", &entry.scope},
        {"code_challenge_method", &entry.code_challenge_method}};
    for (const auto& [key, value] : fields) {
      if (!value->empty()) json.text(key, *value);
    }
    json.number("status", response.status);
    if (!entry.error.empty()) json.text("error", entry.error);
    log_.push_back(json.done());
  }

  static void send_json(httplib::Response& response, int status, const std::string& body) {
    response.status = status;
    response.set_header("Cache-Control", "no-store");
    response.set_content(body, "application/json");
  }

  static void refuse(httplib::Response& response, Entry& entry, const Refusal& refusal) {
    entry.error = refusal.error;
    oauth_detail::JsonObject body;
    body.text("error", refusal.error);
    if (!refusal.description.empty()) body.text("error_description", refusal.description);
    send_json(response, refusal.status, body.done());
  }

  std::string resource() const { return base_ + "/mcp"; }

  void resource_metadata(const httplib::Request&, httplib::Response& response, Entry&) {
    send_json(response, 200,
              oauth_detail::JsonObject()
                  .text("resource",
                        options_.oauth_resource.empty() ? resource() : options_.oauth_resource)
                  .texts("authorization_servers", {base_})
                  .texts("scopes_supported", {options_.oauth_scope})
                  .texts("bearer_methods_supported", {"header"})
                  .done());
  }

  void server_metadata(const httplib::Request&, httplib::Response& response, Entry&) {
    send_json(response, 200,
              oauth_detail::JsonObject()
                  .text("issuer", base_)
                  .text("authorization_endpoint", base_ + "/authorize")
                  .text("token_endpoint", base_ + "/token")
                  .text("registration_endpoint", base_ + "/register")
                  .texts("response_types_supported", {"code"})
                  .texts("grant_types_supported",
                         {"authorization_code", "refresh_token", "client_credentials"})
                  .texts("code_challenge_methods_supported", {"S256"})
                  .texts("token_endpoint_auth_methods_supported",
                         {"client_secret_basic", "client_secret_post", "none"})
                  .texts("scopes_supported", {options_.oauth_scope, "offline_access"})
                  .done());
  }

  // RFC 7591: every client registered gets a secret and client_secret_basic, whatever it asked.
  void register_client(const httplib::Request& request, httplib::Response& response, Entry& entry) {
    rapidjson::Document metadata;
    metadata.Parse(request.body.c_str(), request.body.size());
    if (metadata.HasParseError() || !metadata.IsObject()) {
      return refuse(response, entry,
                    {400, "invalid_client_metadata", "the body is not a JSON object"});
    }
    auto uris = metadata.FindMember("redirect_uris");
    bool usable = uris != metadata.MemberEnd() && uris->value.IsArray() && !uris->value.Empty();
    for (rapidjson::SizeType i = 0; usable && i < uris->value.Size(); ++i) {
      usable = uris->value[i].IsString();
    }
    if (!usable) {
      return refuse(response, entry,
                    {400, "invalid_client_metadata", "redirect_uris must be a non-empty array"});
    }
    const int n = ++client_count_;
    const std::string id = "fake-client-" + std::to_string(n);
    clients_[id] = Client{"fake-secret-" + std::to_string(n), false};
    entry.client_id = id;
    oauth_detail::JsonObject body;
    body.text("client_id", id)
        .text("client_secret", clients_[id].secret)
        .number("client_id_issued_at",
                std::chrono::duration_cast<std::chrono::seconds>(Clock::now().time_since_epoch())
                    .count())
        .number("client_secret_expires_at", 0)
        .text("token_endpoint_auth_method", "client_secret_basic")
        .value("redirect_uris", uris->value);
    auto grants = metadata.FindMember("grant_types");
    if (grants != metadata.MemberEnd()) {
      body.value("grant_types", grants->value);
    } else {
      body.texts("grant_types", {"authorization_code"});  // RFC 7591's default
    }
    send_json(response, 201, body.done());
  }

  // Without a known client or a loopback redirect_uri the browser gets a page of text (RFC 6749
  // §4.1.2.1: never redirect then); every other refusal redirects with error and state.
  void authorize(const httplib::Request& request, httplib::Response& response, Entry& entry) {
    auto param = [&request](const char* key) { return request.get_param_value(key); };
    entry.client_id = param("client_id");
    entry.resource = param("resource");
    entry.scope = param("scope");
    entry.code_challenge_method = param("code_challenge_method");
    const std::string redirect_uri = param("redirect_uri");
    auto page = [&](const std::string& error, const std::string& text) {
      entry.error = error;
      response.status = 400;
      response.set_content(text + "\n", "text/plain");
    };
    if (clients_.count(entry.client_id) == 0) {
      return page("invalid_client", "unknown client_id '" + entry.client_id + "'");
    }
    if (!oauth_detail::loopback_redirect(redirect_uri)) {
      return page("invalid_request",
                  "redirect_uri must be http://127.0.0.1:PORT or "
                  "http://localhost:PORT, not '" +
                      redirect_uri + "'");
    }
    std::vector<std::pair<std::string, std::string>> answer;
    auto redirect = [&]() {
      if (request.has_param("state")) answer.emplace_back("state", param("state"));
      std::string location = redirect_uri;
      char separator = location.find('?') == std::string::npos ? '?' : '&';
      for (const auto& [key, value] : answer) {
        location += separator + key + "=" + oauth_detail::percent_encode(value);
        separator = '&';
      }
      response.set_redirect(location, 302);
    };
    auto fail = [&](const std::string& error, const std::string& description) {
      entry.error = error;
      answer = {{"error", error}, {"error_description", description}};
      redirect();
    };
    if (param("response_type") != "code") {
      return fail("unsupported_response_type", "response_type must be code");
    }
    if (param("code_challenge").empty()) {
      return fail("invalid_request", "PKCE is required: code_challenge missing");
    }
    if (entry.code_challenge_method != "S256") {
      return fail("invalid_request", "code_challenge_method must be S256");
    }
    if (entry.resource != resource()) {
      return fail("invalid_target", "resource must be " + resource());
    }
    const std::string code = "fake-code-" + std::to_string(++code_count_);
    codes_[code] = Code{entry.client_id, param("code_challenge"), redirect_uri,
                        granted_scope(entry.scope), entry.resource};
    answer = {{"code", code}};
    redirect();
  }

  // The scopes granted for a request: those it names that the server knows (all of them:
  // --oauth-scope) and offline_access; the --oauth-scope one when it names none.
  std::string granted_scope(const std::string& requested) const {
    std::string granted;
    std::set<std::string> seen;
    for (const std::string& word : oauth_detail::words_of(requested)) {
      if ((word == options_.oauth_scope || word == "offline_access") && seen.insert(word).second) {
        granted += (granted.empty() ? "" : " ") + word;
      }
    }
    return granted.empty() ? options_.oauth_scope : granted;
  }

  // RFC 6749 §2.3.1: HTTP Basic (form-encoded halves), client_id and client_secret in the body,
  // or client_id alone for a public client. The client's id, or "" with the refusal sent.
  std::string authenticate(const httplib::Request& request, httplib::Response& response,
                           Entry& entry) {
    const std::string header = request.get_header_value("Authorization");
    std::string id, secret;
    if (oauth_detail::starts_with_word(header, "basic")) {
      entry.client_auth = "basic";
      std::string pair;
      const size_t colon =
          oauth_detail::base64_decode(header.substr(6), pair) ? pair.find(':') : std::string::npos;
      if (colon == std::string::npos) {
        response.set_header("WWW-Authenticate", "Basic realm=\"fake\"");
        refuse(response, entry, {401, "invalid_client", "malformed Basic credentials"});
        return "";
      }
      id = oauth_detail::form_decode(pair.substr(0, colon));
      secret = oauth_detail::form_decode(pair.substr(colon + 1));
      entry.client_id = id;
      if (request.has_param("client_secret") ||
          (request.has_param("client_id") && request.get_param_value("client_id") != id)) {
        refuse(response, entry,
               {400, "invalid_request", "more than one client authentication method"});
        return "";
      }
    } else if (request.has_param("client_secret")) {
      entry.client_auth = "post";
      id = request.get_param_value("client_id");
      secret = request.get_param_value("client_secret");
    } else if (request.has_param("client_id")) {
      entry.client_auth = "none";
      id = request.get_param_value("client_id");
    } else {
      refuse(response, entry, {401, "invalid_client", "no client authentication"});
      return "";
    }
    entry.client_id = id;
    auto client = clients_.find(id);
    std::string problem = client == clients_.end()          ? "unknown client"
                          : client->second.secret == secret ? ""
                          : entry.client_auth == "none"     ? "client authentication required"
                                                            : "wrong client secret";
    if (!problem.empty()) {
      if (entry.client_auth == "basic") {
        response.set_header("WWW-Authenticate", "Basic realm=\"fake\"");
      }
      refuse(response, entry, {401, "invalid_client", problem});
      return "";
    }
    return id;
  }

  void token(const httplib::Request& request, httplib::Response& response, Entry& entry) {
    auto param = [&request](const char* key) { return request.get_param_value(key); };
    entry.grant_type = param("grant_type");
    entry.resource = param("resource");
    entry.scope = param("scope");
    if (request.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) !=
        0) {
      return refuse(response, entry,
                    {400, "invalid_request", "the body must be application/x-www-form-urlencoded"});
    }
    const std::string client_id = authenticate(request, response, entry);
    if (client_id.empty()) return;
    if (entry.grant_type == "authorization_code") {
      auto code = codes_.find(param("code"));
      if (code == codes_.end()) {
        return refuse(response, entry, {400, "invalid_grant", "unknown or used code"});
      }
      const Code& granted = code->second;
      if (granted.client_id != client_id) {
        return refuse(response, entry, {400, "invalid_grant", "the code is another client's"});
      }
      if (param("redirect_uri") != granted.redirect_uri) {
        return refuse(response, entry,
                      {400, "invalid_grant", "redirect_uri differs from the authorization's"});
      }
      const std::string verifier = param("code_verifier");
      if (!oauth_detail::well_formed_verifier(verifier)) {
        return refuse(response, entry,
                      {400, "invalid_grant", "code_verifier missing or not 43-128 characters"});
      }
      if (oauth_detail::s256_challenge(verifier) != granted.challenge) {
        return refuse(response, entry,
                      {400, "invalid_grant", "code_verifier does not match code_challenge"});
      }
      if (entry.resource != granted.resource) {
        return refuse(response, entry,
                      {400, "invalid_target", "resource differs from the authorization's"});
      }
      const Code used = granted;
      codes_.erase(code);  // single use
      return issue(response, used.client_id, used.scope, used.resource, true);
    }
    if (entry.grant_type == "refresh_token") {
      if (options_.revoke_refresh) {
        return refuse(response, entry, {400, "invalid_grant", "refresh token revoked"});
      }
      auto refresh = refresh_tokens_.find(param("refresh_token"));
      if (refresh == refresh_tokens_.end() || refresh->second.client_id != client_id) {
        return refuse(response, entry, {400, "invalid_grant", "unknown refresh token"});
      }
      const RefreshToken old = refresh->second;
      if (!entry.resource.empty() && entry.resource != old.resource) {
        return refuse(response, entry,
                      {400, "invalid_target", "resource differs from the grant's"});
      }
      const std::vector<std::string> had = oauth_detail::words_of(old.scope);
      for (const std::string& word : oauth_detail::words_of(entry.scope)) {
        if (std::find(had.begin(), had.end(), word) == had.end()) {
          return refuse(response, entry,
                        {400, "invalid_scope", "scope " + word + " was not granted"});
        }
      }
      refresh_tokens_.erase(refresh);  // rotated: the old one stops working
      return issue(response, client_id, entry.scope.empty() ? old.scope : entry.scope, old.resource,
                   true);
    }
    if (entry.grant_type == "client_credentials") {
      const Client& client = clients_[client_id];
      if (!client.preregistered || client.secret.empty()) {
        return refuse(response, entry,
                      {400, "unauthorized_client",
                       "client_credentials is only for the pre-registered confidential client"});
      }
      if (!entry.resource.empty() && entry.resource != resource()) {
        return refuse(response, entry, {400, "invalid_target", "resource must be " + resource()});
      }
      return issue(response, client_id, granted_scope(entry.scope), resource(), false);
    }
    if (entry.grant_type.empty()) {
      return refuse(response, entry, {400, "invalid_request", "grant_type missing"});
    }
    refuse(response, entry, {400, "unsupported_grant_type", ""});
  }

  void issue(httplib::Response& response, const std::string& client_id, const std::string& scope,
             const std::string& audience, bool with_refresh) {
    const std::string access = "fake-at-" + std::to_string(++access_count_);
    access_tokens_[access] =
        AccessToken{client_id, scope, Clock::now() + std::chrono::seconds(options_.token_ttl)};
    oauth_detail::JsonObject body;
    body.text("access_token", access)
        .text("token_type", "Bearer")
        .number("expires_in", options_.token_ttl);
    if (with_refresh) {
      const std::string refresh = "fake-rt-" + std::to_string(++refresh_count_);
      refresh_tokens_[refresh] = RefreshToken{client_id, scope, audience};
      body.text("refresh_token", refresh);
    }
    body.text("scope", scope);
    response.set_header("Pragma", "no-cache");
    send_json(response, 200, body.done());
  }

  const Options& options_;
  std::mutex mutex_;  // httplib serves on a thread pool: guards everything below
  std::string base_;
  std::map<std::string, Client> clients_;
  std::map<std::string, Code> codes_;
  std::map<std::string, AccessToken> access_tokens_;
  std::map<std::string, RefreshToken> refresh_tokens_;
  int client_count_ = 0, code_count_ = 0, access_count_ = 0, refresh_count_ = 0;
  std::vector<std::string> log_;
};

}  // namespace kosmo::fake_mcp
