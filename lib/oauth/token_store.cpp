#include "lib/oauth/token_store.h"

#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

#include "lib/common/file_read.h"
#include "lib/common/json_parse.h"
#include "lib/common/json_text.h"
#include "lib/config/atomic_file.h"
#include "lib/config/config_error.h"
#include "lib/config/credential_cipher.h"
#include "lib/config/credential_key.h"
#include "lib/config/file_lock.h"
#include "lib/config/paths.h"

namespace kosmo::oauth {
namespace {

constexpr size_t kLargestStoreBytes = 4 << 20;

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void field(Writer& writer, const char* key, const std::string& value) {
  writer.Key(key);
  writer.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

std::string record_json(const StoredAuthorization& stored) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartObject();
  field(writer, "server_url", stored.server_url);
  field(writer, "resource", stored.resource);
  field(writer, "issuer", stored.issuer);
  field(writer, "token_endpoint", stored.token_endpoint);
  field(writer, "client_id", stored.client.client_id);
  field(writer, "client_secret", stored.client.client_secret);
  if (stored.client.method) {
    field(writer, "token_endpoint_auth_method",
          std::string(auth_method_name(*stored.client.method)));
  }
  field(writer, "access_token", stored.tokens.access_token);
  field(writer, "refresh_token", stored.tokens.refresh_token);
  field(writer, "scope", stored.tokens.scope);
  writer.Key("expires_at");
  writer.Int64(stored.tokens.expires_at);
  field(writer, "requested_scope", stored.requested_scope);
  field(writer, "grant", stored.grant);
  writer.EndObject();
  return buffer.GetString();
}

std::optional<StoredAuthorization> parse_record(const std::string& json) {
  rapidjson::Document document;
  if (parse_json(json, document).IsError() || !document.IsObject()) return std::nullopt;
  StoredAuthorization stored;
  stored.server_url = json::string_member(document, "server_url");
  stored.resource = json::string_member(document, "resource");
  stored.issuer = json::string_member(document, "issuer");
  stored.token_endpoint = json::string_member(document, "token_endpoint");
  stored.client.client_id = json::string_member(document, "client_id");
  stored.client.client_secret = json::string_member(document, "client_secret");
  stored.client.method =
      parse_auth_method(json::string_member(document, "token_endpoint_auth_method"));
  stored.tokens.access_token = json::string_member(document, "access_token");
  stored.tokens.refresh_token = json::string_member(document, "refresh_token");
  stored.tokens.scope = json::string_member(document, "scope");
  const auto expires_at = document.FindMember("expires_at");
  if (expires_at != document.MemberEnd() && expires_at->value.IsInt64()) {
    stored.tokens.expires_at = expires_at->value.GetInt64();
  }
  stored.requested_scope = json::string_member(document, "requested_scope");
  stored.grant = json::string_member(document, "grant");
  return stored;
}

Failure store_problem(const std::filesystem::path& file, const std::string& what) {
  return Failure{ErrorCode::kConfig, "The MCP authorization store " + file.string() + " " + what};
}

// The file's {"servers": {name: sealed}} map; an absent file is an empty map.
Outcome<rapidjson::Document> read_store(const std::filesystem::path& file) {
  rapidjson::Document document(rapidjson::kObjectType);
  const ReadResult read = read_file(file, ReadLimits{kLargestStoreBytes, {}});
  if (read.status == ReadStatus::kNotFound) {
    document.AddMember("servers", rapidjson::Value(rapidjson::kObjectType),
                       document.GetAllocator());
    return document;
  }
  if (!read.ok()) return store_problem(file, "cannot be read: " + read.problem() + ".");
  if (parse_json(read.text, document).IsError() || !document.IsObject() ||
      !document.HasMember("servers") || !document["servers"].IsObject()) {
    return store_problem(file, "is damaged; remove it and log in again.");
  }
  return document;
}

// Replaces the file (owner-only), the caller holding its lock.
void write_store(const std::filesystem::path& file, const rapidjson::Document& store) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
  store.Accept(writer);
  config::write_file_atomically(file, std::string(buffer.GetString()) + "\n",
                                config::kSecretFileMode);
}

}  // namespace

std::filesystem::path token_store_file(const config::Environment& env) {
  return config::kosmo_home(env) / "mcp-oauth.json";
}

Outcome<std::optional<StoredAuthorization>> TokenStore::load(const std::string& server) const {
  Outcome<rapidjson::Document> store = read_store(file_);
  if (!store) return store.error();
  const rapidjson::Value& servers = (*store)["servers"];
  const auto found = servers.FindMember(server.c_str());
  if (found == servers.MemberEnd() || !found->value.IsString()) {
    return std::optional<StoredAuthorization>();
  }
  std::optional<config::CredentialKey> key;
  try {
    key = config::find_credential_key(env_);
  } catch (const config::ConfigError& error) {
    return Failure{ErrorCode::kConfig, error.what()};
  }
  std::optional<std::string> plain =
      key ? config::decrypt_credential(found->value.GetString(), *key) : std::nullopt;
  std::optional<StoredAuthorization> stored = plain ? parse_record(*plain) : std::nullopt;
  if (!stored) {
    return store_problem(file_, "holds an entry for '" + server +
                                    "' that cannot be opened with this credential key; run "
                                    "kosmo mcp:login " +
                                    server + " again.");
  }
  return stored;
}

std::optional<Failure> TokenStore::save(const std::string& server,
                                        const StoredAuthorization& stored) const {
  try {
    const config::CredentialKey key = config::find_or_create_credential_key(env_);
    config::FileLock lock(file_);
    Outcome<rapidjson::Document> store = read_store(file_);
    if (!store) return store.error();
    rapidjson::Value& servers = (*store)["servers"];
    auto& allocator = store->GetAllocator();
    servers.RemoveMember(server.c_str());
    const std::string sealed = config::encrypt_credential(record_json(stored), key);
    servers.AddMember(rapidjson::Value(server.c_str(), allocator),
                      rapidjson::Value(sealed.c_str(), allocator), allocator);
    write_store(file_, *store);
  } catch (const std::exception& error) {
    return store_problem(file_, std::string("cannot be written: ") + error.what());
  }
  return std::nullopt;
}

Outcome<bool> TokenStore::remove(const std::string& server) const {
  try {
    config::FileLock lock(file_);
    Outcome<rapidjson::Document> store = read_store(file_);
    if (!store) return store.error();
    if (!(*store)["servers"].RemoveMember(server.c_str())) return false;
    write_store(file_, *store);
  } catch (const std::exception& error) {
    return store_problem(file_, std::string("cannot be written: ") + error.what());
  }
  return true;
}

Outcome<std::vector<std::string>> TokenStore::servers() const {
  Outcome<rapidjson::Document> store = read_store(file_);
  if (!store) return store.error();
  std::vector<std::string> names;
  for (const auto& member : (*store)["servers"].GetObject())
    names.emplace_back(member.name.GetString());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace kosmo::oauth
