#include "lib/mcp/config_writer.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <memory>
#include <optional>

#include "lib/common/json_parse.h"
#include "lib/config/atomic_file.h"
#include "lib/config/config_text.h"
#include "lib/config/file_lock.h"

namespace kosmo::mcp {
namespace fs = std::filesystem;
namespace {

Failure cannot(std::string message) { return Failure{ErrorCode::kConfig, std::move(message)}; }

// The file's lock (config/file_lock.h), or why it cannot be had; lib/config reports by exception.
Outcome<std::unique_ptr<config::FileLock>> lock(const fs::path& file) {
  try {
    return std::make_unique<config::FileLock>(file);
  } catch (const std::exception& e) {
    return cannot(e.what());
  }
}

// The file's document; an empty object when the file does not exist.
Outcome<rapidjson::Document> load(const fs::path& file) {
  rapidjson::Document document(rapidjson::kObjectType);
  const config::ConfigText read = config::read_config_text(file);
  if (read.status == config::ConfigText::Status::kMissing) return std::move(document);
  if (read.status == config::ConfigText::Status::kFailed) {
    return cannot("Cannot read " + file.string() + ": " + read.problem + ".");
  }
  if (read.text.find_first_not_of(" \t\r\n") == std::string::npos) return std::move(document);
  // parse_json: bounded depth, no recursion, and the JSONC the loader accepts.
  const rapidjson::ParseResult parsed = parse_json(read.text, document, JsonDialect::kJsonc);
  if (parsed.IsError()) {
    return cannot("Cannot edit " + file.string() + ": invalid JSON (" +
                  describe_json_error(parsed) + " at offset " + std::to_string(parsed.Offset()) +
                  ").");
  }
  if (!document.IsObject()) {
    return cannot("Cannot edit " + file.string() + ": the top level must be an object.");
  }
  return std::move(document);
}

std::optional<Failure> save(const fs::path& file, const rapidjson::Document& document) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
  writer.SetIndent(' ', 2);
  document.Accept(writer);
  std::string text(buffer.GetString(), buffer.GetSize());
  text += '\n';
  try {
    config::write_file_atomically(file, text, config::kSecretFileMode);
  } catch (const config::AtomicWriteError& e) {  // lib/config reports by exception
    return cannot(e.what());
  }
  return std::nullopt;
}

// The map the loader reads (mcpServers first), created as mcpServers when there is none.
Outcome<rapidjson::Value*> server_map(rapidjson::Document& document, const fs::path& file) {
  for (const char* key : {"mcpServers", "servers"}) {
    auto it = document.FindMember(key);
    if (it == document.MemberEnd()) continue;
    if (!it->value.IsObject()) {
      return cannot("Cannot edit " + file.string() + ": \"" + key + "\" is not an object.");
    }
    return &it->value;
  }
  document.AddMember("mcpServers", rapidjson::Value(rapidjson::kObjectType),
                     document.GetAllocator());
  return &document["mcpServers"];
}

bool erase(rapidjson::Document& document, const char* key, std::string_view name) {
  auto it = document.FindMember(key);
  if (it == document.MemberEnd() || !it->value.IsObject()) return false;
  const rapidjson::Value wanted(rapidjson::StringRef(name.data(), name.size()));
  return it->value.EraseMember(wanted);
}

bool contains(const rapidjson::Document& document, std::string_view name) {
  const rapidjson::Value wanted(rapidjson::StringRef(name.data(), name.size()));
  for (const char* key : {"mcpServers", "servers"}) {
    auto it = document.FindMember(key);
    if (it != document.MemberEnd() && it->value.IsObject() && it->value.HasMember(wanted)) {
      return true;
    }
  }
  return false;
}

}  // namespace

Outcome<AddResult> add_server_entry(const fs::path& file, std::string_view name,
                                    const rapidjson::Value& entry, bool replace) {
  Outcome<std::unique_ptr<config::FileLock>> held = lock(file);
  if (!held) return std::move(held).error();
  Outcome<rapidjson::Document> document = load(file);
  if (!document) return std::move(document).error();
  const bool existed = contains(*document, name);
  if (existed && !replace) return AddResult::kExists;
  // A replaced entry may sit in the other map; drop it there so one entry remains.
  erase(*document, "mcpServers", name);
  erase(*document, "servers", name);
  Outcome<rapidjson::Value*> servers = server_map(*document, file);
  if (!servers) return std::move(servers).error();
  auto& allocator = document->GetAllocator();
  (*servers)->AddMember(
      rapidjson::Value(name.data(), static_cast<rapidjson::SizeType>(name.size()), allocator),
      rapidjson::Value(entry, allocator), allocator);
  if (auto failure = save(file, *document)) return std::move(*failure);
  return existed ? AddResult::kReplaced : AddResult::kAdded;
}

Outcome<bool> remove_server_entry(const fs::path& file, std::string_view name) {
  Outcome<std::unique_ptr<config::FileLock>> held = lock(file);
  if (!held) return std::move(held).error();
  Outcome<rapidjson::Document> document = load(file);
  if (!document) return std::move(document).error();
  const bool in_main = erase(*document, "mcpServers", name);
  const bool in_vscode = erase(*document, "servers", name);
  if (!in_main && !in_vscode) return false;
  if (auto failure = save(file, *document)) return std::move(*failure);
  return true;
}

Outcome<bool> set_server_enabled(const fs::path& file, std::string_view name, bool enabled) {
  Outcome<std::unique_ptr<config::FileLock>> held = lock(file);
  if (!held) return std::move(held).error();
  Outcome<rapidjson::Document> document = load(file);
  if (!document) return std::move(document).error();
  const rapidjson::Value wanted(rapidjson::StringRef(name.data(), name.size()));
  for (const char* key : {"mcpServers", "servers"}) {
    auto map = document->FindMember(key);
    if (map == document->MemberEnd() || !map->value.IsObject()) continue;
    auto entry = map->value.FindMember(wanted);
    if (entry == map->value.MemberEnd() || !entry->value.IsObject()) continue;
    entry->value.RemoveMember("enabled");
    entry->value.AddMember("enabled", enabled, document->GetAllocator());
    if (auto failure = save(file, *document)) return std::move(*failure);
    return true;
  }
  return false;
}

bool has_server_entry(const fs::path& file, std::string_view name) {
  Outcome<rapidjson::Document> document = load(file);
  return document && contains(*document, name);
}

}  // namespace kosmo::mcp
