#pragma once
// libcurl is loaded with dlopen on the first request rather than linked: linking it would make
// every run pay for its relocations and its dependencies (OpenSSL, nghttp2, ...) at exec, and
// start-up time is a product requirement. Only the functions kosmo calls are resolved.
#include <curl/curl.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace kosmo::http {

inline constexpr const char* kCurlSoname = "libcurl.so.4";

// Thrown when libcurl cannot be loaded or lacks a function we need.
class CurlLoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The libcurl entry points kosmo uses, resolved with dlsym. Variadic ones keep curl's own
// signatures so calls look like the documented API (`api.easy_setopt(handle, OPT, value)`).
struct CurlApi {
  CURLcode (*global_init)(long flags);
  CURL* (*easy_init)();
  CURLcode (*easy_setopt)(CURL* handle, CURLoption option, ...);
  CURLcode (*easy_perform)(CURL* handle);
  CURLcode (*easy_getinfo)(CURL* handle, CURLINFO info, ...);
  void (*easy_cleanup)(CURL* handle);
  const char* (*easy_strerror)(CURLcode code);
  curl_slist* (*slist_append)(curl_slist* list, const char* line);
  void (*slist_free_all)(curl_slist* list);
  char* (*version)();
  curl_version_info_data* (*version_info)(CURLversion age);
  // The URL API; `url` is null when the library predates CURLOPT_CURLU (7.63.0).
  CURLU* (*url)();
  CURLUcode (*url_set)(CURLU* url, CURLUPart part, const char* content, unsigned int flags);
  void (*url_cleanup)(CURLU* url);
};

// A loaded libcurl: the dlopen handle plus its resolved table. Never unloaded in practice (the
// process-wide one lives until exit), but the destructor closes the handle for tests that load
// a library of their own.
class CurlLibrary {
 public:
  // Loads `soname` and resolves every function; runs curl_global_init. Throws CurlLoadError.
  static std::unique_ptr<CurlLibrary> load(const std::string& soname);
  ~CurlLibrary();
  CurlLibrary(const CurlLibrary&) = delete;
  CurlLibrary& operator=(const CurlLibrary&) = delete;

  const CurlApi& api() const { return api_; }

 private:
  CurlLibrary(void* handle, const CurlApi& api) : handle_(handle), api_(api) {}
  void* handle_;
  CurlApi api_;
};

// The process-wide libcurl, loaded (thread-safely) on the first call. Throws CurlLoadError with
// "libcurl.so.4 not found: install libcurl4" when it is missing; later calls throw again.
const CurlApi& curl_library();

// Whether curl_library() has loaded libcurl in this process. Lets tests check that a run which
// makes no request never pays the load cost.
bool curl_library_loaded();

}  // namespace kosmo::http
