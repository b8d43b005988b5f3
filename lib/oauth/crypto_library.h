#pragma once
// libcrypto (OpenSSL 3) is loaded with dlopen the first time a client assertion is signed rather
// than linked: kosmo links no TLS library at start-up (see lib/http/curl_library.h), and only an
// OAuth client configured for private_key_jwt ever needs it. The headers are used for the
// prototypes alone, so each slot's type is the real function's and a mismatch cannot compile.
// Only the functions kosmo calls are resolved.
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace kosmo::oauth {

inline constexpr const char* kCryptoSoname = "libcrypto.so.3";

// Thrown when libcrypto cannot be loaded or lacks a function we need.
class CryptoLoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The libcrypto entry points kosmo uses, resolved with dlsym.
struct CryptoApi {
  decltype(&::BIO_new_mem_buf) bio_new_mem_buf;
  decltype(&::BIO_free) bio_free;
  decltype(&::PEM_read_bio_PrivateKey) pem_read_bio_private_key;
  decltype(&::EVP_PKEY_free) evp_pkey_free;
  decltype(&::EVP_PKEY_get_base_id) evp_pkey_get_base_id;
  decltype(&::EVP_PKEY_get_bits) evp_pkey_get_bits;
  decltype(&::EVP_PKEY_get_group_name) evp_pkey_get_group_name;
  decltype(&::EVP_MD_CTX_new) evp_md_ctx_new;
  decltype(&::EVP_MD_CTX_free) evp_md_ctx_free;
  decltype(&::EVP_DigestSignInit) evp_digest_sign_init;
  decltype(&::EVP_DigestSign) evp_digest_sign;
  decltype(&::EVP_sha256) evp_sha256;
  decltype(&::d2i_ECDSA_SIG) d2i_ecdsa_sig;
  decltype(&::ECDSA_SIG_get0) ecdsa_sig_get0;
  decltype(&::ECDSA_SIG_free) ecdsa_sig_free;
  decltype(&::BN_bn2binpad) bn_bn2binpad;
  decltype(&::ERR_clear_error) err_clear_error;
};

// A loaded libcrypto: the dlopen handle plus its resolved table. The process-wide one lives
// until exit; the destructor closes the handle for tests that load a library of their own.
class CryptoLibrary {
 public:
  // Loads `soname` and resolves every function. Throws CryptoLoadError.
  static std::unique_ptr<CryptoLibrary> load(const std::string& soname);
  ~CryptoLibrary();
  CryptoLibrary(const CryptoLibrary&) = delete;
  CryptoLibrary& operator=(const CryptoLibrary&) = delete;

  const CryptoApi& api() const { return api_; }

 private:
  CryptoLibrary(void* handle, const CryptoApi& api) : handle_(handle), api_(api) {}
  void* handle_;
  CryptoApi api_;
};

// The process-wide libcrypto, loaded (thread-safely) on the first call. Throws CryptoLoadError
// with "libcrypto.so.3 not found: install libssl3" when it is missing; later calls throw again.
const CryptoApi& crypto_library();

// Whether crypto_library() has loaded libcrypto in this process. Lets tests check that a run
// which signs nothing never pays the load cost.
bool crypto_library_loaded();

}  // namespace kosmo::oauth
