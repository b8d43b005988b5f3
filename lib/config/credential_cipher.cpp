#include "lib/config/credential_cipher.h"

#include <sodium.h>

#include <vector>

namespace kosmo::config {

bool is_encrypted_value(std::string_view value) {
  return value.substr(0, kEncryptedPrefix.size()) == kEncryptedPrefix;
}

std::optional<std::string> decrypt_credential(std::string_view value, const CredentialKey& key) {
  if (!is_encrypted_value(value)) return std::string(value);
  const std::string_view encoded = value.substr(kEncryptedPrefix.size());
  std::vector<unsigned char> payload(encoded.size());
  size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(payload.data(), payload.size(), encoded.data(), encoded.size(), nullptr,
                        &length, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != encoded.data() + encoded.size()) {
    return std::nullopt;
  }
  if (length <= crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return std::nullopt;
  const unsigned char* nonce = payload.data();
  const unsigned char* sealed = payload.data() + crypto_secretbox_NONCEBYTES;
  const size_t sealed_length = length - crypto_secretbox_NONCEBYTES;
  std::string plaintext(sealed_length - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plaintext.data()), sealed,
                                 sealed_length, nonce, key.bytes.data()) != 0) {
    return std::nullopt;
  }
  return plaintext;
}

std::string encrypt_credential(std::string_view plaintext, const CredentialKey& key) {
  if (plaintext.empty() || is_encrypted_value(plaintext)) return std::string(plaintext);
  std::vector<unsigned char> payload(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
                                     plaintext.size());
  unsigned char* nonce = payload.data();
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(payload.data() + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                        nonce, key.bytes.data());
  std::string encoded(sodium_base64_ENCODED_LEN(payload.size(), sodium_base64_VARIANT_ORIGINAL),
                      '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), payload.data(), payload.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  encoded.resize(encoded.size() - 1);  // the terminating NUL sodium writes
  return std::string(kEncryptedPrefix) + encoded;
}

}  // namespace kosmo::config
