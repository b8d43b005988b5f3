#pragma once
// The production HttpClient: one libcurl easy handle for the whole run, so keep-alive
// connections, TLS sessions and DNS answers are reused across calls. libcurl itself is loaded
// on the first send(), never by the constructor.
//
// Decisions:
// * Redirects are not followed: the caller sees the 3xx. Following one could hand credentials
//   to another host, and the vendor APIs kosmo talks to do not redirect their API calls.
// * Only http and https URLs are accepted (no file://, ftp://, ... through a crafted URL).
// * Proxies come from libcurl's own reading of http_proxy/https_proxy/all_proxy/no_proxy (when
//   the environment has none of them, the handle says "no proxy" once instead); the CA
//   bundle from CURL_CA_BUNDLE, else SSL_CERT_FILE, and SSL_CERT_DIR (the curl tool's
//   variables, which libcurl alone does not read).
// * Header values are never logged; header names and values containing CR, LF or NUL are
//   refused before anything is sent, so a value cannot smuggle extra headers.
// * No Accept-Encoding is offered: bodies arrive as the server stores them, so what is recorded
//   in a cassette is what the script saw.
// * The handle keeps its options from one request to the next (no curl_easy_reset): the options
//   that never change are set once, when it is created, and each request sets only what it
//   changes (URL, headers, method and body, timeouts, where the answer goes), always all of them,
//   so nothing of one request carries over into the next. Resetting freed and reallocated the
//   receive buffer and re-parsed every option on every call.
// * CURLOPT_NOSIGNAL is set when the process already ignores SIGPIPE (kosmo's CLI does, see
//   cli_app.cpp) and libcurl resolves names in a thread (AsynchDNS, as Debian's is built):
//   libcurl's signal handling is then useless work, six rt_sigaction calls per request around
//   its socket writes, which 7.88's OpenSSL backend makes without MSG_NOSIGNAL. Otherwise it
//   stays off: libcurl then ignores SIGPIPE itself, and a synchronous resolver needs SIGALRM to
//   time out a DNS lookup.
// * A transfer is aborted when the script it is for has been stopped (a tripped limit,
//   SIGINT/SIGTERM: lib/common/stop_flag.h). The run guard has no thread; its timer signal
//   interrupts libcurl's poll, and libcurl then calls the progress callback, which says stop.
//   A run that tripped while waiting for a vendor ends with its envelope at once instead of
//   after the guard's last resort.
//
// * A request's body reader may send other requests from inside the transfer (an MCP server
//   asks a question in the middle of its answer, and waits for the answer on another request):
//   those go through a second client with its own handle, libcurl never being entered twice on
//   one handle. Each handle keeps its own connections.
//
// Not thread-safe: one client per thread.
#include <curl/curl.h>

#include <memory>
#include <optional>

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
  // Loads libcurl and creates the easy handle with the options every request shares, on first
  // use.
  void ensure_handle();
  // Sets every option a request decides, over whatever the previous request left.
  CURLcode configure(const HttpRequest& request, curl_slist* headers, void* sink);
  // libcurl's list of the request's header lines. A loop of calls to one function sends the same
  // headers every time, so the previous request's list is reused when it was built from the
  // same headers (and the same need for a Content-Type line); building one cost a string and
  // two allocations per line, and freeing it as many again.
  curl_slist* header_list_for(const HttpRequest& request);
  // `url` parsed, for CURLOPT_CURLU; null when this libcurl lacks the URL API or cannot parse
  // it, and then the text goes as before, so that libcurl reports its own error. Given the URL
  // as text, libcurl parses it at every transfer and then writes it out again from its parts:
  // ~15k instructions of a ~72k request. Parsing it here costs ~6k of those back; a URL with
  // the origin of the previous one (a loop of calls to one vendor) only has its path and query
  // replaced, which costs a fraction.
  CURLU* parsed_url(const std::string& url);

  // The options configure sets from each request that libcurl only keeps, as last set.
  struct PerRequestValues {
    curl_slist* headers;
    void* sink;
    long connect_timeout_ms;
    long total_timeout_ms;
    bool operator==(const PerRequestValues&) const = default;
  };

  const CurlApi* api_ = nullptr;
  CURL* handle_ = nullptr;
  std::optional<PerRequestValues> values_set_;  // none: unknown (a failed setopt, a new handle)
  CURLU* url_ = nullptr;    // owned: what parsed_url returned last; created on first use
  std::string url_origin_;  // its scheme://authority when only path and query may change
  CURLcode shared_options_ = CURLE_OK;  // how setting the options every request shares went
  char error_buffer_[CURL_ERROR_SIZE] = {};
  curl_slist* header_list_ = nullptr;  // owned; what header_list_for returned last
  HeaderList header_list_source_;      // the request headers it was built from
  bool header_list_with_body_ = false;
  bool in_transfer_ = false;  // easy_perform is running (a body reader may call send)
  // For sends made while this handle is busy (see send); created on the first.
  std::unique_ptr<CurlHttpClient> nested_;
};

}  // namespace kosmo::http
