#pragma once
// KosmoKrator's encrypted credential values (src/Integration/CredentialCipher.php):
//   "enc:v1:" + base64(nonce[24] + crypto_secretbox_easy(plaintext, nonce, key))
// libsodium's XSalsa20-Poly1305 secretbox, as PHP's sodium_crypto_secretbox. Values without the
// prefix are plain text and pass through unchanged.
#include <optional>
#include <string>
#include <string_view>

#include "lib/config/credential_key.h"

namespace kosmo::config {

inline constexpr std::string_view kEncryptedPrefix = "enc:v1:";

bool is_encrypted_value(std::string_view value);

// The plaintext of an `enc:v1:` value; nullopt when it is not valid base64, too short, or was
// sealed with another key (the reference's decrypt() returns null for all three).
std::optional<std::string> decrypt_credential(std::string_view value, const CredentialKey& key);

// A fresh random nonce per call. An empty value or one already encrypted is returned as is, as
// the reference's encrypt() does.
std::string encrypt_credential(std::string_view plaintext, const CredentialKey& key);

}  // namespace kosmo::config
