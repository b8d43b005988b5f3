#include "lib/mcp/server_config.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cctype>
#include <stdexcept>

#include "lib/mcp/sha256.h"

namespace kosmo::mcp {
namespace {

std::string lower(std::string_view text) {
  std::string result(text);
  for (char& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return result;
}

[[noreturn]] void bad_field(std::string_view key, std::string_view expected) {
  throw std::invalid_argument("\"" + std::string(key) + "\" must be " + std::string(expected));
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
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    value.Accept(writer);
    out = buffer.GetString();
  } else if (value.IsNull()) {
    out.clear();
  } else {
    return false;
  }
  return true;
}

std::string string_field(const rapidjson::Value& entry, const char* key) {
  auto it = entry.FindMember(key);
  if (it == entry.MemberEnd()) return "";
  if (!it->value.IsString()) bad_field(key, "a string");
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

std::vector<std::string> list_field(const rapidjson::Value& entry, const char* key) {
  std::vector<std::string> list;
  auto it = entry.FindMember(key);
  if (it == entry.MemberEnd()) return list;
  if (!it->value.IsArray()) bad_field(key, "an array of strings");
  for (const auto& item : it->value.GetArray()) {
    std::string text;
    if (item.IsNull() || !scalar_text(item, text)) bad_field(key, "an array of strings");
    list.push_back(std::move(text));
  }
  return list;
}

std::map<std::string, std::string> map_field(const rapidjson::Value& entry, const char* key) {
  std::map<std::string, std::string> map;
  auto it = entry.FindMember(key);
  if (it == entry.MemberEnd()) return map;
  if (!it->value.IsObject()) bad_field(key, "an object of strings");
  for (const auto& member : it->value.GetObject()) {
    std::string text;
    if (!scalar_text(member.value, text)) bad_field(key, "an object of strings");
    // A repeated key: the last one wins, as in every JSON parser that builds a map.
    map[std::string(member.name.GetString(), member.name.GetStringLength())] = std::move(text);
  }
  return map;
}

TransportType transport_for(const std::string& type, bool has_url) {
  std::string normal = lower(type);
  if (normal.empty()) return has_url ? TransportType::kHttp : TransportType::kStdio;
  if (normal == "stdio" || normal == "local") return TransportType::kStdio;
  if (normal == "http" || normal == "streamable-http" || normal == "streamable_http" ||
      normal == "streamablehttp") {
    return TransportType::kHttp;
  }
  return TransportType::kUnsupported;
}

// `enabled: false` is the kosmo/VS Code spelling, `disabled: true` the Claude/Cline one; both
// count. Anything but a boolean is refused: the reference read `enabled: 1` as disabled.
bool enabled_flag(const rapidjson::Value& entry) {
  bool enabled = true;
  if (auto it = entry.FindMember("enabled"); it != entry.MemberEnd()) {
    if (!it->value.IsBool()) bad_field("enabled", "true or false");
    enabled = it->value.GetBool();
  }
  if (auto it = entry.FindMember("disabled"); it != entry.MemberEnd()) {
    if (!it->value.IsBool()) bad_field("disabled", "true or false");
    if (it->value.GetBool()) enabled = false;
  }
  return enabled;
}

double timeout_field(const rapidjson::Value& entry) {
  auto it = entry.FindMember("timeout");
  if (it == entry.MemberEnd()) return kDefaultTimeoutSeconds;
  if (!it->value.IsNumber() || !(it->value.GetDouble() > 0)) {
    bad_field("timeout", "a positive number of seconds");
  }
  return it->value.GetDouble();
}

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

std::filesystem::path ServerConfig::resolved_cwd() const {
  if (cwd.empty()) return {};
  std::filesystem::path path(cwd);
  if (path.is_absolute() || base_dir.empty()) return path;
  return (base_dir / path).lexically_normal();
}

ServerConfig parse_server_entry(std::string_view name, const rapidjson::Value& entry) {
  if (!entry.IsObject()) throw std::invalid_argument("the entry must be an object");
  ServerConfig config;
  config.name = std::string(name);
  config.type = string_field(entry, "type");
  config.command = string_field(entry, "command");
  config.args = list_field(entry, "args");
  config.env = map_field(entry, "env");
  config.cwd = string_field(entry, "cwd");
  config.url = string_field(entry, "url");
  config.headers = map_field(entry, "headers");
  config.enabled = enabled_flag(entry);
  config.timeout_s = timeout_field(entry);
  config.transport = transport_for(config.type, !config.url.empty());
  return config;
}

std::string canonical_json(const ServerConfig& config) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  switch (config.transport) {
    case TransportType::kStdio:
      write_text(writer, "type", "stdio");
      break;
    case TransportType::kHttp:
      write_text(writer, "type", "http");
      break;
    case TransportType::kUnsupported:
      write_text(writer, "type", config.type);
      break;
  }
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
