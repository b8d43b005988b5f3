#pragma once
// The production HttpClient: one libcurl easy handle for the whole run, so keep-alive
// connections, TLS sessions and DNS answers are reused across calls. libcurl itself is loaded
// on the first send(), never by the constructor.
//
// Decisions:
// * Redirects are not followed: the caller sees the 3xx. Following one could hand credentials
//   to another host, and the vendor APIs kosmo talks to do not redirect their API calls.
// * Only http and https URLs are accepted (no file://, ftp://, ... through a crafted URL).
// * Proxies come from libcurl's own reading of http_proxy/https_proxy/all_proxy/no_proxy; the CA
//   bundle from CURL_CA_BUNDLE, else SSL_CERT_FILE, and SSL_CERT_DIR (the curl tool's
//   variables, which libcurl alone does not read).
// * Header values are never logged; header names and values containing CR, LF or NUL are
//   refused before anything is sent, so a value cannot smuggle extra headers.
// * No Accept-Encoding is offered: bodies arrive as the server stores them, so what is recorded
//   in a cassette is what the script saw.
// * CURLOPT_NOSIGNAL stays off so libcurl ignores SIGPIPE around its own socket writes (7.88's
//   OpenSSL backend writes without MSG_NOSIGNAL). Its other use of signals, SIGALRM for DNS
//   timeouts, does not arise with the threaded resolver Debian's libcurl is built with.
//
// Not thread-safe: one client per thread.
#include <curl/curl.h>

#include "lib/http/http_client.h"

namespace kosmo::http {

struct CurlApi;

class CurlHttpClient final : public HttpClient {
 public:
  CurlHttpClient() = default;
  ~CurlHttpClient() override;
  CurlHttpClient(const CurlHttpClient&) = delete;
  CurlHttpClient& operator=(const CurlHttpClient&) = delete;

  // Throws CurlLoadError when libcurl is missing; every other failure is in the result.
  HttpResult send(const HttpRequest& request) override;

 private:
  // Loads libcurl and creates the easy handle on first use.
  void ensure_handle();
  // Applies every per-request option to the freshly reset handle.
  CURLcode configure(const HttpRequest& request, curl_slist* headers, void* sink);

  const CurlApi* api_ = nullptr;
  CURL* handle_ = nullptr;
  char error_buffer_[CURL_ERROR_SIZE] = {};
};

}  // namespace kosmo::http
