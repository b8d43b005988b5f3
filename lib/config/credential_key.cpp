#include "lib/config/credential_key.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include "lib/config/atomic_file.h"
#include "lib/config/config_error.h"

namespace kosmo::config {
namespace {

// A key file is 44 characters when KosmoKrator writes it; anything this large is not one.
constexpr std::streamsize kMaxKeyFileBytes = 64 * 1024;

void ensure_sodium() {
  // Idempotent and thread-safe; -1 only when no randomness source can be opened.
  if (sodium_init() < 0) throw ConfigError("Cannot initialise libsodium (no randomness source).");
}

// PHP trim()'s character set.
std::string php_trim(std::string text) {
  constexpr std::string_view kBlank(" \t\n\r\0\x0B", 6);
  const size_t first = text.find_first_not_of(kBlank);
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(kBlank) - first + 1);
}

// PHP's base64_decode($text, true): standard alphabet, whitespace skipped, padding optional.
std::optional<std::string> strict_base64(const std::string& text) {
  std::string out(text.size(), '\0');
  for (int variant : {sodium_base64_VARIANT_ORIGINAL, sodium_base64_VARIANT_ORIGINAL_NO_PADDING}) {
    size_t length = 0;
    const char* end = nullptr;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                          text.size(), " \t\r\n", &length, &end, variant) == 0 &&
        end == text.data() + text.size()) {
      out.resize(length);
      return out;
    }
  }
  return std::nullopt;
}

CredentialKey hashed_key(std::string text) {
  CredentialKey key;
  crypto_hash_sha256(key.bytes.data(), reinterpret_cast<const unsigned char*>(text.data()),
                     text.size());
  key.source_text = std::move(text);
  return key;
}

CredentialKey key_from_file_text(const std::string& contents) {
  std::string raw = php_trim(contents);
  if (auto decoded = strict_base64(raw); decoded && decoded->size() >= kCredentialKeyBytes) {
    CredentialKey key;
    std::memcpy(key.bytes.data(), decoded->data(), kCredentialKeyBytes);
    key.source_text = std::move(raw);
    return key;
  }
  return hashed_key(std::move(raw));
}

std::optional<CredentialKey> key_from_environment(const Environment& env) {
  for (const char* name : {"KOSMO_CREDENTIAL_KEY", "KOSMO_SECRET_KEY"}) {
    std::optional<std::string> value = env.get(name);
    // PHP's `?:` skips every falsy string: "" and "0".
    if (value && !value->empty() && *value != "0") return hashed_key(std::move(*value));
  }
  return std::nullopt;
}

std::optional<std::string> read_key_file(const std::filesystem::path& file) {
  std::error_code ignored;
  if (!std::filesystem::exists(file, ignored)) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  std::string contents(static_cast<size_t>(kMaxKeyFileBytes) + 1, '\0');
  if (in) in.read(contents.data(), kMaxKeyFileBytes + 1);
  if (!in && !in.eof()) throw ConfigError("Cannot read the credential key file " + file.string());
  contents.resize(static_cast<size_t>(in.gcount()));
  if (contents.size() > static_cast<size_t>(kMaxKeyFileBytes)) {
    throw ConfigError("The credential key file " + file.string() + " is too large to be a key.");
  }
  return contents;
}

// Written whole under a private name, then linked into place: link() refuses an existing name,
// so when another process creates the key first its key is the one used, and nobody ever reads
// a half-written file. Returns false when the file already existed.
bool create_key_file(const std::filesystem::path& file, const std::string& text) {
  create_private_directories(file.parent_path());
  const std::filesystem::path temporary = file.string() + ".tmp-" + std::to_string(::getpid()) +
                                          "-" + std::to_string(randombytes_random());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw ConfigError("Cannot create the credential key file " + file.string() + ": " +
                      std::strerror(errno));
  }
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const bool closed = ::close(fd) == 0;
  const int linked = written && closed ? ::link(temporary.c_str(), file.c_str()) : -1;
  const int link_errno = errno;
  ::unlink(temporary.c_str());
  if (linked == 0) return true;
  if (written && closed && link_errno == EEXIST) return false;
  throw ConfigError("Cannot write the credential key file " + file.string() + ": " +
                    std::strerror(link_errno));
}

}  // namespace

std::filesystem::path credential_key_file(const Environment& env) {
  std::optional<std::string> home = env.get("HOME");
  std::filesystem::path base;
  if (home && !home->empty()) {
    base = *home;
  } else {
    std::error_code ignored;
    base = std::filesystem::current_path(ignored);
    if (base.empty()) base = ".";
  }
  return base / ".kosmokrator" / "credentials.key";
}

std::optional<CredentialKey> find_credential_key(const Environment& env) {
  ensure_sodium();
  if (auto key = key_from_environment(env)) return key;
  if (auto contents = read_key_file(credential_key_file(env))) return key_from_file_text(*contents);
  return std::nullopt;
}

CredentialKey find_or_create_credential_key(const Environment& env) {
  if (auto key = find_credential_key(env)) return *key;
  unsigned char random[kCredentialKeyBytes];
  randombytes_buf(random, sizeof random);
  std::string text(sodium_base64_ENCODED_LEN(sizeof random, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(text.data(), text.size(), random, sizeof random,
                    sodium_base64_VARIANT_ORIGINAL);
  text.resize(std::strlen(text.c_str()));
  sodium_memzero(random, sizeof random);
  const std::filesystem::path file = credential_key_file(env);
  if (create_key_file(file, text)) return key_from_file_text(text);
  return *find_credential_key(env);
}

}  // namespace kosmo::config
