#include "lib/mcp/config_writer.h"

#include <fcntl.h>
#include <rapidjson/error/en.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "lib/config/atomic_file.h"

namespace kosmo::mcp {
namespace fs = std::filesystem;
namespace {

// An exclusive flock on "<file>.lock" for the lifetime of the object. The lock file is never
// deleted: deleting it would let a waiter lock a file nobody else sees.
class FileLock {
 public:
  explicit FileLock(const fs::path& file) {
    std::error_code ignored;
    fs::create_directories(file.parent_path(), ignored);
    const std::string lock = file.string() + ".lock";
    fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, config::kSecretFileMode);
    if (fd_ < 0) throw ConfigWriteError("Cannot lock " + lock + ": " + std::strerror(errno));
    while (::flock(fd_, LOCK_EX) != 0) {
      if (errno != EINTR)
        throw ConfigWriteError("Cannot lock " + lock + ": " + std::strerror(errno));
    }
  }
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

// The file's document; an empty object when the file does not exist.
rapidjson::Document load(const fs::path& file) {
  rapidjson::Document document(rapidjson::kObjectType);
  std::error_code ec;
  if (!fs::exists(file, ec)) return document;
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigWriteError("Cannot read " + file.string() + ": " + std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  const std::string content = text.str();
  if (content.find_first_not_of(" \t\r\n") == std::string::npos) return document;
  document.Parse<rapidjson::kParseCommentsFlag | rapidjson::kParseTrailingCommasFlag>(
      content.c_str(), content.size());
  if (document.HasParseError()) {
    throw ConfigWriteError("Cannot edit " + file.string() + ": invalid JSON (" +
                           rapidjson::GetParseError_En(document.GetParseError()) + " at offset " +
                           std::to_string(document.GetErrorOffset()) + ").");
  }
  if (!document.IsObject()) {
    throw ConfigWriteError("Cannot edit " + file.string() + ": the top level must be an object.");
  }
  return document;
}

void save(const fs::path& file, const rapidjson::Document& document) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
  writer.SetIndent(' ', 2);
  document.Accept(writer);
  std::string text(buffer.GetString(), buffer.GetSize());
  text += '\n';
  try {
    config::write_file_atomically(file, text, config::kSecretFileMode);
  } catch (const config::AtomicWriteError& e) {
    throw ConfigWriteError(e.what());
  }
}

// The map the loader reads (mcpServers first), created as mcpServers when there is none.
rapidjson::Value& server_map(rapidjson::Document& document, const fs::path& file) {
  for (const char* key : {"mcpServers", "servers"}) {
    auto it = document.FindMember(key);
    if (it == document.MemberEnd()) continue;
    if (!it->value.IsObject()) {
      throw ConfigWriteError("Cannot edit " + file.string() + ": \"" + key +
                             "\" is not an object.");
    }
    return it->value;
  }
  document.AddMember("mcpServers", rapidjson::Value(rapidjson::kObjectType),
                     document.GetAllocator());
  return document["mcpServers"];
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

AddResult add_server_entry(const fs::path& file, std::string_view name,
                           const rapidjson::Value& entry, bool replace) {
  FileLock lock(file);
  rapidjson::Document document = load(file);
  const bool existed = contains(document, name);
  if (existed && !replace) return AddResult::kExists;
  // A replaced entry may sit in the other map; drop it there so one entry remains.
  erase(document, "mcpServers", name);
  erase(document, "servers", name);
  rapidjson::Value& servers = server_map(document, file);
  auto& allocator = document.GetAllocator();
  servers.AddMember(
      rapidjson::Value(name.data(), static_cast<rapidjson::SizeType>(name.size()), allocator),
      rapidjson::Value(entry, allocator), allocator);
  save(file, document);
  return existed ? AddResult::kReplaced : AddResult::kAdded;
}

bool remove_server_entry(const fs::path& file, std::string_view name) {
  FileLock lock(file);
  rapidjson::Document document = load(file);
  const bool in_main = erase(document, "mcpServers", name);
  const bool in_vscode = erase(document, "servers", name);
  if (!in_main && !in_vscode) return false;
  save(file, document);
  return true;
}

bool has_server_entry(const fs::path& file, std::string_view name) {
  try {
    return contains(load(file), name);
  } catch (const ConfigWriteError&) {
    return false;
  }
}

}  // namespace kosmo::mcp
