#include "lib/mcp/server_config.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cctype>
#include <optional>

#include "lib/common/json_text.h"
#include "lib/mcp/sha256.h"

namespace kosmo::mcp {
namespace {

std::string lower(std::string_view text) {
  std::string result(text);
  for (char& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return result;
}

// Scalars are accepted where text is expected ("PORT": 3001 is a common way to write an env
// value); they become their JSON text. Objects and arrays are refused rather than flattened.
bool scalar_text(const rapidjson::Value& value, std::string& out) {
  if (value.IsString()) {
    out.assign(value.GetString(), value.GetStringLength());
  } else if (value.IsBool()) {
    out = value.GetBool() ? "true" : "false";
  } else if (value.IsInt64()) {
    out = std::to_string(value.GetInt64());
  } else if (value.IsUint64()) {
    out = std::to_string(value.GetUint64());
  } else if (value.IsNumber()) {
    out = json::compact_text(value);
  } else if (value.IsNull()) {
    out.clear();
  } else {
    return false;
  }
  return true;
}

// Reads the fields of one entry, keeping the first field of the wrong shape as `problem` (each
// read still returns a usable default, so parsing goes on without branching at every field).
class EntryReader {
 public:
  explicit EntryReader(const rapidjson::Value& entry) : entry_(entry) {}

  const std::optional<std::string>& problem() const { return problem_; }

  std::string text(const char* key) {
    const rapidjson::Value* value = find(key);
    if (value == nullptr) return "";
    if (!value->IsString()) return bad(key, "a string"), "";
    return std::string(value->GetString(), value->GetStringLength());
  }

  std::vector<std::string> list(const char* key) {
    std::vector<std::string> list;
    const rapidjson::Value* value = find(key);
    if (value == nullptr) return list;
    if (!value->IsArray()) return bad(key, "an array of strings"), list;
    for (const auto& item : value->GetArray()) {
      std::string text;
      if (item.IsNull() || !scalar_text(item, text)) return bad(key, "an array of strings"), list;
      list.push_back(std::move(text));
    }
    return list;
  }

  std::map<std::string, std::string> map(const char* key) {
    std::map<std::string, std::string> map;
    const rapidjson::Value* value = find(key);
    if (value == nullptr) return map;
    if (!value->IsObject()) return bad(key, "an object of strings"), map;
    for (const auto& member : value->GetObject()) {
      std::string text;
      if (!scalar_text(member.value, text)) return bad(key, "an object of strings"), map;
      // A repeated key: the last one wins, as in every JSON parser that builds a map.
      map[std::string(member.name.GetString(), member.name.GetStringLength())] = std::move(text);
    }
    return map;
  }

  // `enabled: false` is the kosmo/VS Code spelling, `disabled: true` the Claude/Cline one; both
  // count. Anything but a boolean is refused: the reference read `enabled: 1` as disabled.
  bool enabled() {
    bool enabled = true;
    if (const rapidjson::Value* value = find("enabled")) {
      if (!value->IsBool()) return bad("enabled", "true or false"), true;
      enabled = value->GetBool();
    }
    if (const rapidjson::Value* value = find("disabled")) {
      if (!value->IsBool()) return bad("disabled", "true or false"), true;
      if (value->GetBool()) enabled = false;
    }
    return enabled;
  }

  // `"oauth": false`, or an object of the fields oauth_settings.h lists.
  oauth::OAuthSettings oauth() {
    oauth::OAuthSettings settings;
    const rapidjson::Value* value = find("oauth");
    if (value == nullptr) return settings;
    if (value->IsBool()) {
      settings.disabled = !value->GetBool();
      return settings;
    }
    if (!value->IsObject()) return bad("oauth", "false or an object"), settings;
    EntryReader fields(*value);
    settings.client_id = fields.text("client_id");
    settings.client_secret = fields.text("client_secret");
    settings.client_metadata_url = fields.text("client_metadata_url");
    settings.scope = fields.text("scope");
    settings.private_key = fields.text("private_key");
    settings.signing_algorithm = fields.text("signing_algorithm");
    settings.token_endpoint_auth_method = fields.text("token_endpoint_auth_method");
    settings.id_token = fields.text("id_token");
    settings.idp_token_endpoint = fields.text("idp_token_endpoint");
    settings.idp_client_id = fields.text("idp_client_id");
    settings.idp_client_secret = fields.text("idp_client_secret");
    if (const std::string grant = fields.text("grant"); !grant.empty()) settings.grant = grant;
    if (const rapidjson::Value* port = fields.find("redirect_port")) {
      if (!port->IsInt() || port->GetInt() < 0 || port->GetInt() > 65535) {
        return bad("oauth.redirect_port", "a port number"), settings;
      }
      settings.redirect_port = port->GetInt();
    }
    if (fields.problem()) {
      if (!problem_) problem_ = "in \"oauth\", " + *fields.problem();
      return settings;
    }
    if (settings.grant != oauth::kGrantAuthorizationCode && !settings.unattended()) {
      return bad("oauth.grant",
                 "\"authorization_code\", \"client_credentials\" or \"identity_assertion\""),
             settings;
    }
    return settings;
  }

  // `"sampling"`: true or false, or an object narrowing it (account, model, max_tokens).
  SamplingSettings sampling() {
    SamplingSettings settings;
    const rapidjson::Value* value = find("sampling");
    if (value == nullptr) return settings;
    if (value->IsBool()) {
      settings.enabled = value->GetBool();
      return settings;
    }
    if (!value->IsObject()) return bad("sampling", "true, false or an object"), settings;
    EntryReader fields(*value);
    settings.account = fields.text("account");
    settings.model = fields.text("model");
    if (const rapidjson::Value* cap = fields.find("max_tokens")) {
      if (!cap->IsInt() || cap->GetInt() < 1) {
        return bad("sampling.max_tokens", "a positive integer"), settings;
      }
      settings.max_tokens_cap = cap->GetInt();
    }
    if (fields.problem()) {
      if (!problem_) problem_ = "in \"sampling\", " + *fields.problem();
      return settings;
    }
    settings.enabled = true;
    return settings;
  }

  double timeout() {
    const rapidjson::Value* value = find("timeout");
    if (value == nullptr) return kDefaultTimeoutSeconds;
    if (!value->IsNumber() || !(value->GetDouble() > 0)) {
      return bad("timeout", "a positive number of seconds"), kDefaultTimeoutSeconds;
    }
    return value->GetDouble();
  }

 private:
  const rapidjson::Value* find(const char* key) const {
    auto it = entry_.FindMember(key);
    return it == entry_.MemberEnd() ? nullptr : &it->value;
  }
  void bad(std::string_view key, std::string_view expected) {
    if (!problem_) problem_ = "\"" + std::string(key) + "\" must be " + std::string(expected);
  }

  const rapidjson::Value& entry_;
  std::optional<std::string> problem_;
};

template <typename Writer>
void write_map(Writer& writer, const char* key, const std::map<std::string, std::string>& map) {
  writer.Key(key);
  writer.StartObject();
  for (const auto& [name, value] : map) {
    writer.Key(name.c_str(), static_cast<rapidjson::SizeType>(name.size()));
    writer.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  }
  writer.EndObject();
}

template <typename Writer>
void write_text(Writer& writer, const char* key, const std::string& value) {
  writer.Key(key);
  writer.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

}  // namespace

namespace {

std::filesystem::path resolved_against(const std::filesystem::path& base,
                                       const std::string& written) {
  std::filesystem::path path(written);
  if (path.is_absolute() || base.empty()) return path;
  return (base / path).lexically_normal();
}

}  // namespace

std::filesystem::path ServerConfig::resolved_cwd() const {
  if (cwd.empty()) return {};
  return resolved_against(base_dir, cwd);
}

std::vector<std::filesystem::path> ServerConfig::resolved_roots() const {
  std::vector<std::filesystem::path> resolved;
  for (const std::string& root : roots) {
    if (!root.empty()) resolved.push_back(resolved_against(base_dir, root));
  }
  return resolved;
}

Outcome<ServerConfig, std::string> parse_server_entry(std::string_view name,
                                                      const rapidjson::Value& entry) {
  if (!entry.IsObject()) return std::string("the entry must be an object");
  EntryReader reader(entry);
  ServerConfig config;
  config.name = std::string(name);
  config.type = reader.text("type");
  config.command = reader.text("command");
  config.args = reader.list("args");
  config.env = reader.map("env");
  config.cwd = reader.text("cwd");
  config.url = reader.text("url");
  config.headers = reader.map("headers");
  config.roots = reader.list("roots");
  config.oauth = reader.oauth();
  config.sampling = reader.sampling();
  config.enabled = reader.enabled();
  config.timeout_s = reader.timeout();
  config.transport = transport_for(config.type, !config.url.empty());
  if (reader.problem()) return *reader.problem();
  return config;
}

std::string transport_name(const ServerConfig& config) {
  return config.transport != nullptr ? std::string(config.transport->name) : config.type;
}

std::string canonical_json(const ServerConfig& config) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  write_text(writer, "type", transport_name(config));
  write_text(writer, "command", config.command);
  writer.Key("args");
  writer.StartArray();
  for (const std::string& arg : config.args) {
    writer.String(arg.c_str(), static_cast<rapidjson::SizeType>(arg.size()));
  }
  writer.EndArray();
  write_map(writer, "env", config.env);
  write_text(writer, "cwd", config.cwd);
  write_text(writer, "url", config.url);
  write_map(writer, "headers", config.headers);
  if (config.sampling.enabled) {
    writer.Key("sampling");
    writer.StartObject();
    write_text(writer, "account", config.sampling.account);
    write_text(writer, "model", config.sampling.model);
    if (config.sampling.max_tokens_cap) {
      writer.Key("max_tokens");
      writer.Int(*config.sampling.max_tokens_cap);
    }
    writer.EndObject();
  }
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string fingerprint(const ServerConfig& config) { return sha256_hex(canonical_json(config)); }

std::string sanitize_name(std::string_view name) {
  size_t first = 0;
  size_t last = name.size();
  while (first < last && std::isspace(static_cast<unsigned char>(name[first]))) ++first;
  while (last > first && std::isspace(static_cast<unsigned char>(name[last - 1]))) --last;
  std::string result = lower(name.substr(first, last - first));
  for (char& c : result) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!keep) c = '_';
  }
  return result;
}

}  // namespace kosmo::mcp
