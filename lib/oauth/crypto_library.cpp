#include "lib/oauth/crypto_library.h"

#include <dlfcn.h>

#include <atomic>
#include <mutex>

namespace kosmo::oauth {
namespace {

std::atomic<bool> g_loaded{false};

// Resolves `name` into `slot`, whose type is the function's own prototype.
template <typename Function>
void resolve(void* handle, const std::string& soname, const char* name, Function*& slot) {
  void* symbol = dlsym(handle, name);
  if (symbol == nullptr) throw CryptoLoadError(soname + " lacks " + name + ": install libssl3");
  slot = reinterpret_cast<Function*>(symbol);
}

CryptoApi resolve_all(void* handle, const std::string& soname) {
  CryptoApi api{};
  resolve(handle, soname, "BIO_new_mem_buf", api.bio_new_mem_buf);
  resolve(handle, soname, "BIO_free", api.bio_free);
  resolve(handle, soname, "PEM_read_bio_PrivateKey", api.pem_read_bio_private_key);
  resolve(handle, soname, "EVP_PKEY_free", api.evp_pkey_free);
  resolve(handle, soname, "EVP_PKEY_get_base_id", api.evp_pkey_get_base_id);
  resolve(handle, soname, "EVP_PKEY_get_bits", api.evp_pkey_get_bits);
  resolve(handle, soname, "EVP_PKEY_get_group_name", api.evp_pkey_get_group_name);
  resolve(handle, soname, "EVP_MD_CTX_new", api.evp_md_ctx_new);
  resolve(handle, soname, "EVP_MD_CTX_free", api.evp_md_ctx_free);
  resolve(handle, soname, "EVP_DigestSignInit", api.evp_digest_sign_init);
  resolve(handle, soname, "EVP_DigestSign", api.evp_digest_sign);
  resolve(handle, soname, "EVP_sha256", api.evp_sha256);
  resolve(handle, soname, "d2i_ECDSA_SIG", api.d2i_ecdsa_sig);
  resolve(handle, soname, "ECDSA_SIG_get0", api.ecdsa_sig_get0);
  resolve(handle, soname, "ECDSA_SIG_free", api.ecdsa_sig_free);
  resolve(handle, soname, "BN_bn2binpad", api.bn_bn2binpad);
  resolve(handle, soname, "ERR_clear_error", api.err_clear_error);
  return api;
}

}  // namespace

std::unique_ptr<CryptoLibrary> CryptoLibrary::load(const std::string& soname) {
  // RTLD_LOCAL keeps libcrypto's symbols out of the global namespace. A libcurl loaded later
  // (or earlier) gets this same mapping through its own DT_NEEDED, so there is one OpenSSL.
  void* handle = dlopen(soname.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) throw CryptoLoadError(soname + " not found: install libssl3");
  try {
    return std::unique_ptr<CryptoLibrary>(new CryptoLibrary(handle, resolve_all(handle, soname)));
  } catch (...) {
    dlclose(handle);
    throw;
  }
}

CryptoLibrary::~CryptoLibrary() { dlclose(handle_); }

const CryptoApi& crypto_library() {
  static std::once_flag once;
  // Leaked on purpose, like libcurl: OpenSSL 3 pins itself in memory for the cleanup it runs at
  // exit, so closing the handle would unload nothing.
  static CryptoLibrary* library = nullptr;
  static std::string load_error;
  std::call_once(once, [] {
    try {
      library = CryptoLibrary::load(kCryptoSoname).release();
      g_loaded.store(true, std::memory_order_release);
    } catch (const CryptoLoadError& e) {
      load_error = e.what();
    }
  });
  if (library == nullptr) throw CryptoLoadError(load_error);
  return library->api();
}

bool crypto_library_loaded() { return g_loaded.load(std::memory_order_acquire); }

}  // namespace kosmo::oauth
