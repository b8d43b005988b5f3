#include "lib/http/curl_library.h"

#include <dlfcn.h>

#include <atomic>
#include <mutex>

namespace kosmo::http {
namespace {

std::atomic<bool> g_loaded{false};

// Resolves `name` into `slot`, whose type documents the expected signature.
template <typename Function>
void resolve(void* handle, const std::string& soname, const char* name, Function*& slot) {
  void* symbol = dlsym(handle, name);
  if (symbol == nullptr) throw CurlLoadError(soname + " lacks " + name + ": install libcurl4");
  slot = reinterpret_cast<Function*>(symbol);
}

// The same for a function kosmo can do without: `slot` stays null when it is missing.
template <typename Function>
void resolve_optional(void* handle, const char* name, Function*& slot) {
  slot = reinterpret_cast<Function*>(dlsym(handle, name));
}

CurlApi resolve_all(void* handle, const std::string& soname) {
  CurlApi api{};
  resolve(handle, soname, "curl_global_init", api.global_init);
  resolve(handle, soname, "curl_easy_init", api.easy_init);
  resolve(handle, soname, "curl_easy_setopt", api.easy_setopt);
  resolve(handle, soname, "curl_easy_perform", api.easy_perform);
  resolve(handle, soname, "curl_easy_getinfo", api.easy_getinfo);
  resolve(handle, soname, "curl_easy_cleanup", api.easy_cleanup);
  resolve(handle, soname, "curl_easy_strerror", api.easy_strerror);
  resolve(handle, soname, "curl_slist_append", api.slist_append);
  resolve(handle, soname, "curl_slist_free_all", api.slist_free_all);
  resolve(handle, soname, "curl_version", api.version);
  resolve(handle, soname, "curl_version_info", api.version_info);
  resolve_optional(handle, "curl_url", api.url);
  resolve_optional(handle, "curl_url_set", api.url_set);
  resolve_optional(handle, "curl_url_cleanup", api.url_cleanup);
  // All three or none, and only where CURLOPT_CURLU takes what they make (7.63.0 and later).
  const curl_version_info_data* info = api.version_info(CURLVERSION_NOW);
  if (api.url_set == nullptr || api.url_cleanup == nullptr || info == nullptr ||
      info->version_num < 0x073f00) {
    api.url = nullptr;
  }
  return api;
}

}  // namespace

std::unique_ptr<CurlLibrary> CurlLibrary::load(const std::string& soname) {
  // RTLD_LOCAL keeps libcurl's dependencies (OpenSSL, ...) out of the global symbol namespace.
  void* handle = dlopen(soname.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) throw CurlLoadError(soname + " not found: install libcurl4");
  try {
    CurlApi api = resolve_all(handle, soname);
    CURLcode code = api.global_init(CURL_GLOBAL_DEFAULT);
    if (code != CURLE_OK) {
      throw CurlLoadError(std::string("libcurl initialisation failed: ") + api.easy_strerror(code));
    }
    return std::unique_ptr<CurlLibrary>(new CurlLibrary(handle, api));
  } catch (...) {
    dlclose(handle);
    throw;
  }
}

// curl_global_cleanup is deliberately not called: the process-wide library lives until exit,
// and a test-loaded copy shares libcurl's reference-counted global state with it.
CurlLibrary::~CurlLibrary() { dlclose(handle_); }

const CurlApi& curl_library() {
  static std::once_flag once;
  // Leaked on purpose: unloading at exit could pull libcurl out from under a static destructor
  // that still holds an easy handle.
  static CurlLibrary* library = nullptr;
  static std::string load_error;
  std::call_once(once, [] {
    try {
      library = CurlLibrary::load(kCurlSoname).release();
      g_loaded.store(true, std::memory_order_release);
    } catch (const CurlLoadError& e) {
      load_error = e.what();
    }
  });
  if (library == nullptr) throw CurlLoadError(load_error);
  return library->api();
}

bool curl_library_loaded() { return g_loaded.load(std::memory_order_acquire); }

}  // namespace kosmo::http
