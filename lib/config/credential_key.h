#pragma once
// The key KosmoKrator's CredentialCipher seals `enc:v1:` credential values with, found the way
// it finds it (src/Integration/CredentialCipher.php, key()):
//   1. KOSMO_CREDENTIAL_KEY, else KOSMO_SECRET_KEY (PHP `getenv(a) ?: getenv(b)`: an empty or
//      "0" value does not count): the key is SHA-256 of that text.
//   2. $HOME/.kosmokrator/credentials.key (cwd when HOME is unset or empty): its trimmed text,
//      base64-decoded when that gives at least 32 bytes (the first 32 are the key), else
//      SHA-256 of the trimmed text.
// So a key file or variable written by KosmoKrator opens values kosmo reads, and the other way.
#include <array>
#include <filesystem>
#include <optional>
#include <string>

#include "lib/config/environment.h"

namespace kosmo::config {

constexpr size_t kCredentialKeyBytes = 32;

struct CredentialKey {
  std::array<unsigned char, kCredentialKeyBytes> bytes{};
  // What a person would recognise and must never see printed: the variable's value or the key
  // file's text. Registered with the redactor as a secret of the run.
  std::string source_text;
};

// $HOME/.kosmokrator/credentials.key, as KosmoKrator's keyPath().
std::filesystem::path credential_key_file(const Environment& env);

// The key from the environment or the key file; nullopt when neither exists. Nothing is created:
// reading a config must not leave files behind. Throws ConfigError when the file exists but
// cannot be read.
std::optional<CredentialKey> find_credential_key(const Environment& env);

// The same, but when there is no key yet a key file is created as KosmoKrator creates it
// (directory 0700, 32 random bytes in base64, file 0600), so KosmoKrator can read what kosmo
// writes. Throws ConfigError when the file cannot be created.
CredentialKey find_or_create_credential_key(const Environment& env);

}  // namespace kosmo::config
