#include "lib/http/curl_http_client.h"

#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <optional>
#include <string>

#include "lib/common/stop_flag.h"
#include "lib/common/uri_characters.h"
#include "lib/http/curl_library.h"
#include "lib/http/response_sink.h"

namespace kosmo::http {
namespace {

// Sent as an ordinary header line: CURLOPT_USERAGENT has libcurl format the same line again
// for every transfer. A request that names its own User-Agent keeps it.
constexpr const char* kUserAgentHeader = "User-Agent: kosmo/" KOSMO_VERSION;
// libcurl's default 16 KiB receive buffer costs a callback per 16 KiB; large JSON bodies arrive
// noticeably faster with fewer, larger writes. Set once per handle, so allocated once per run.
constexpr long kReceiveBufferBytes = 256 * 1024;

// Records the first setopt failure so configure() reads as a flat list of options. Values are
// passed through unchanged, so callers must use the exact types libcurl expects (long,
// curl_off_t, pointers).
class OptionSetter {
 public:
  OptionSetter(const CurlApi& api, CURL* handle) : api_(api), handle_(handle) {}
  template <typename Value>
  void set(CURLoption option, Value value) {
    if (code_ == CURLE_OK) code_ = api_.easy_setopt(handle_, option, value);
  }
  CURLcode code() const { return code_; }

 private:
  const CurlApi& api_;
  CURL* handle_;
  CURLcode code_ = CURLE_OK;
};

struct SlistDeleter {
  const CurlApi* api;
  void operator()(curl_slist* list) const { api->slist_free_all(list); }
};
using HeaderSlist = std::unique_ptr<curl_slist, SlistDeleter>;

// RFC 9110 token characters, as a table: this runs over every header name of every request.
constexpr std::array<bool, 256> kTokenCharacters = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) {
    table[c] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
  for (char c : std::string_view("!#$%&'*+-.^_`|~")) table[static_cast<unsigned char>(c)] = true;
  return table;
}();

bool is_token(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!kTokenCharacters[static_cast<unsigned char>(c)]) return false;
  }
  return true;
}

// A plain loop: string_view::find_first_of with a three-byte set calls memchr over the set once
// per byte of the value, about a hundred calls per request for the URL and headers.
bool is_safe_value(std::string_view value) {
  for (char c : value) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
}

// Why a request cannot be sent as given, without quoting any header value.
std::optional<std::string> invalid_request(const HttpRequest& request) {
  if (!is_token(request.method)) return "invalid HTTP method";
  if (!is_safe_value(request.url)) return "URL contains a line break or NUL";
  for (size_t i = 0; i < request.headers.size(); ++i) {
    const auto& [name, value] = request.headers[i];
    if (!is_token(name) || !is_safe_value(value)) {
      return "request header #" + std::to_string(i + 1) + " has an invalid name or value";
    }
  }
  return std::nullopt;
}

bool carries_body(const HttpRequest& request) {
  return request.has_body || !request.body.empty() || request.method == "POST" ||
         request.method == "PUT" || request.method == "PATCH";
}

bool has_header(const HttpRequest& request, std::string_view name) {
  for (const auto& header : request.headers) {
    if (equals_ignore_case(header.first, name)) return true;
  }
  return false;
}

// The header lines for libcurl. "Name;" is libcurl's spelling of an empty header ("Name:"
// would remove it). "Expect:" saves the 100-continue round trip libcurl makes for large
// bodies, and "Content-Type:" stops it labelling a body as a form when the caller gave no type.
HeaderSlist build_header_list(const CurlApi& api, const HttpRequest& request) {
  HeaderSlist list(nullptr, SlistDeleter{&api});
  auto append = [&](const std::string& line) {
    curl_slist* grown = api.slist_append(list.get(), line.c_str());
    if (grown == nullptr) throw std::bad_alloc();
    list.release();
    list.reset(grown);
  };
  for (const auto& [name, value] : request.headers) {
    append(value.empty() ? name + ";" : name + ": " + value);
  }
  if (!has_header(request, "user-agent")) append(kUserAgentHeader);
  if (!has_header(request, "expect")) append("Expect:");
  if (carries_body(request) && !has_header(request, "content-type")) append("Content-Type:");
  return list;
}

// Characters libcurl keeps as they are in a path or query set on its own: RFC 3986's unreserved
// and sub-delims, ':', '@', '/' and, in the query, '?'. Not '%': libcurl 7.88 lower-cases the
// hex digits of an escape in a part set on its own, but not in a URL parsed whole.
constexpr std::array<bool, 256> kPlainUrlCharacters = [] {
  std::array<bool, 256> table = kUriUnreserved;
  for (char c : std::string_view("!$&'()*+,;=:@/?")) table[static_cast<unsigned char>(c)] = true;
  return table;
}();

// A URL cut after its origin (scheme://authority), when what follows is a path and an optional
// query that libcurl would keep as they are: plain characters only (no escape), no dot segment
// (nor anything starting "/."), no fragment.
struct PlainUrl {
  std::string_view origin;
  std::string_view path;  // up to the query, or to the URL's end
  const char* query;      // the rest of the URL after "?", or null
};

// One pass over the URL, in plain loops: find_first_of and find with several characters call
// memchr over their set once per byte, ~25 calls for a vendor URL.
std::optional<PlainUrl> split_plain_url(const std::string& url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  size_t origin_end = scheme_end + 3;
  while (origin_end < url.size() && url[origin_end] != '/') {
    if (url[origin_end] == '?' || url[origin_end] == '#') return std::nullopt;
    ++origin_end;
  }
  if (origin_end == url.size()) return std::nullopt;
  size_t question = std::string_view::npos;
  for (size_t i = origin_end; i < url.size(); ++i) {
    const char c = url[i];
    if (!kPlainUrlCharacters[static_cast<unsigned char>(c)]) return std::nullopt;
    if (question != std::string_view::npos) continue;
    if (c == '?') {
      question = i;
    } else if (c == '/' && i + 1 < url.size() && url[i + 1] == '.') {
      return std::nullopt;  // a dot segment, or what may be one
    }
  }
  const size_t path_end = question == std::string_view::npos ? url.size() : question;
  const std::string_view text(url);
  PlainUrl plain{text.substr(0, origin_end), text.substr(origin_end, path_end - origin_end),
                 nullptr};
  if (question != std::string_view::npos) {
    if (question + 1 == url.size()) return std::nullopt;  // "?" alone: libcurl decides
    plain.query = url.c_str() + question + 1;
  }
  return plain;
}

long to_milliseconds(double seconds) { return static_cast<long>(std::ceil(seconds * 1000)); }

// libcurl opens its sockets without SOCK_CLOEXEC; a connection the pool keeps while a script
// starts an MCP server would become the server's descriptor too.
curl_socket_t open_close_on_exec_socket(void* /*unused*/, curlsocktype /*purpose*/,
                                        struct curl_sockaddr* address) {
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

// See the header: a transfer ends when the script it is for has been stopped, or when it has
// been idle longer than its request allows (libcurl calls this at least once a second; its own
// low-speed limit judges a moving average over seconds, far too late for a 1 s timeout).
int abort_when_stopped_or_idle(void* sink, curl_off_t /*download_total*/, curl_off_t downloaded,
                               curl_off_t /*upload_total*/, curl_off_t uploaded) {
  if (stop_requested_on_this_thread()) return 1;
  return static_cast<ResponseSink*>(sink)->idle_too_long(downloaded + uploaded) ? 1 : 0;
}

// See the header: whether libcurl's own signal handling can be turned off.
bool signals_unneeded(const CurlApi& api) {
  struct sigaction current {};
  if (::sigaction(SIGPIPE, nullptr, &current) != 0 || current.sa_handler != SIG_IGN) return false;
  const curl_version_info_data* info = api.version_info(CURLVERSION_NOW);
  return info != nullptr && (info->features & CURL_VERSION_ASYNCHDNS) != 0;
}

// Whether any environment variable is a proxy setting libcurl could read (http_proxy,
// HTTPS_PROXY, all_proxy, no_proxy, ...: any name ending in _proxy, in any case).
bool names_a_proxy(char** variables) {
  constexpr std::string_view kSuffix = "_proxy";
  for (char** entry = variables; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view variable(*entry);
    std::string_view name = variable.substr(0, variable.find('='));
    if (name.size() >= kSuffix.size() &&
        equals_ignore_case(name.substr(name.size() - kSuffix.size()), kSuffix)) {
      return true;
    }
  }
  return false;
}

const char* environment(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : nullptr;
}

}  // namespace

CurlHttpClient::~CurlHttpClient() {
  if (handle_ != nullptr) api_->easy_cleanup(handle_);
  if (url_ != nullptr) api_->url_cleanup(url_);
  if (header_list_ != nullptr) api_->slist_free_all(header_list_);
}

curl_slist* CurlHttpClient::header_list_for(const HttpRequest& request) {
  const bool with_body = carries_body(request);
  if (header_list_ != nullptr && with_body == header_list_with_body_ &&
      request.headers == header_list_source_) {
    return header_list_;
  }
  HeaderSlist fresh = build_header_list(*api_, request);
  // Forgotten before the source is replaced: a copy that fails half way must not be taken for
  // the source of the old list.
  if (header_list_ != nullptr) api_->slist_free_all(header_list_);
  header_list_ = nullptr;
  header_list_source_ = request.headers;
  header_list_with_body_ = with_body;
  header_list_ = fresh.release();
  return header_list_;
}

CURLU* CurlHttpClient::parsed_url(const std::string& url) {
  if (api_->url == nullptr) return nullptr;
  if (url_ == nullptr && (url_ = api_->url()) == nullptr) return nullptr;
  const std::optional<PlainUrl> plain = split_plain_url(url);
  if (plain && plain->origin == url_origin_) {
    // The path ends the URL, and is read where it lies, unless a query follows it.
    const bool path_ends_url = plain->query == nullptr;
    const std::string path = path_ends_url ? std::string() : std::string(plain->path);
    const char* path_text = path_ends_url ? plain->path.data() : path.c_str();
    if (api_->url_set(url_, CURLUPART_PATH, path_text, 0) == CURLUE_OK &&
        api_->url_set(url_, CURLUPART_QUERY, plain->query, 0) == CURLUE_OK) {
      return url_;
    }
  }
  // The flags libcurl parses a URL given as text with, so that both read a URL alike.
  constexpr unsigned kTextUrlFlags = CURLU_GUESS_SCHEME | CURLU_NON_SUPPORT_SCHEME;
  url_origin_.clear();
  if (api_->url_set(url_, CURLUPART_URL, url.c_str(), kTextUrlFlags) != CURLUE_OK) return nullptr;
  if (plain) url_origin_ = plain->origin;
  return url_;
}

void CurlHttpClient::ensure_handle() {
  if (handle_ != nullptr) return;
  api_ = &curl_library();
  handle_ = api_->easy_init();
  if (handle_ == nullptr) throw CurlLoadError("libcurl could not create a handle");
  OptionSetter options(*api_, handle_);
  options.set(CURLOPT_BUFFERSIZE, kReceiveBufferBytes);
  options.set(CURLOPT_PROTOCOLS_STR, "http,https");
  options.set(CURLOPT_FOLLOWLOCATION, 0L);
  options.set(CURLOPT_TCP_NODELAY, 1L);
  options.set(CURLOPT_OPENSOCKETFUNCTION, &open_close_on_exec_socket);
  options.set(CURLOPT_ERRORBUFFER, error_buffer_);
  options.set(CURLOPT_HEADERFUNCTION, &ResponseSink::on_header);
  options.set(CURLOPT_WRITEFUNCTION, &ResponseSink::on_body);
  if (signals_unneeded(*api_)) options.set(CURLOPT_NOSIGNAL, 1L);
  options.set(CURLOPT_XFERINFOFUNCTION, &abort_when_stopped_or_idle);
  options.set(CURLOPT_NOPROGRESS, 0L);
  // With no proxy variable at all, saying so spares libcurl reading five of them, and no_proxy,
  // from the environment on every transfer; with any, libcurl reads them as it always does.
  if (!names_a_proxy(environ)) {
    options.set(CURLOPT_PROXY, "");
    options.set(CURLOPT_NOPROXY, "");
  }
  // Read once: nothing a run does changes its environment.
  if (const char* bundle = environment("CURL_CA_BUNDLE")) {
    options.set(CURLOPT_CAINFO, bundle);
  } else if (const char* file = environment("SSL_CERT_FILE")) {
    options.set(CURLOPT_CAINFO, file);
  }
  if (const char* directory = environment("SSL_CERT_DIR")) options.set(CURLOPT_CAPATH, directory);
  shared_options_ = options.code();
  // Best effort (libcurl before 7.87 lacks it, and it must not fail every request then): a
  // request's timeout also bounds its DNS lookup. Without it, libcurl gives up at the timeout
  // but then waits for its resolver thread to finish, as long as the system resolver takes.
  api_->easy_setopt(handle_, CURLOPT_QUICK_EXIT, 1L);
}

CURLcode CurlHttpClient::configure(const HttpRequest& request, curl_slist* headers, void* sink) {
  OptionSetter options(*api_, handle_);
  if (CURLU* parsed = parsed_url(request.url)) {
    options.set(CURLOPT_CURLU, parsed);
  } else {
    options.set(CURLOPT_CURLU, static_cast<CURLU*>(nullptr));  // it would override CURLOPT_URL
    options.set(CURLOPT_URL, request.url.c_str());
  }
  // Values libcurl only keeps, set again only when they differ from the previous request's: a
  // loop of calls sends the same headers, with the same timeouts, to a sink at the same address.
  const PerRequestValues values{
      headers, sink,
      // 0 is libcurl's default for both: no limit beyond its own connect default.
      request.connect_timeout_s > 0 ? to_milliseconds(request.connect_timeout_s) : 0L,
      request.total_timeout_s > 0 ? to_milliseconds(request.total_timeout_s) : 0L};
  if (values_set_ != values) {
    values_set_.reset();
    options.set(CURLOPT_HTTPHEADER, values.headers);
    options.set(CURLOPT_HEADERDATA, values.sink);
    options.set(CURLOPT_WRITEDATA, values.sink);
    options.set(CURLOPT_CONNECTTIMEOUT_MS, values.connect_timeout_ms);
    options.set(CURLOPT_TIMEOUT_MS, values.total_timeout_ms);
    // For the idle timeout (abort_when_stopped_or_idle).
    options.set(CURLOPT_XFERINFODATA, values.sink);
    if (options.code() == CURLE_OK) values_set_ = values;
  }

  // Back to what a new handle does (GET, no body, no custom method) before this request's
  // method: POSTFIELDS, even null, switches libcurl to POST, so HTTPGET comes after it.
  options.set(CURLOPT_POSTFIELDS, static_cast<const char*>(nullptr));
  options.set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(-1));
  options.set(CURLOPT_HTTPGET, 1L);
  options.set(CURLOPT_CUSTOMREQUEST, static_cast<const char*>(nullptr));
  const bool with_body = carries_body(request);
  if (request.method == "HEAD") {
    options.set(CURLOPT_NOBODY, 1L);
  } else if (with_body) {
    options.set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    options.set(CURLOPT_POSTFIELDS, request.body.data());
  }
  // POSTFIELDS makes libcurl send POST, so every other method with a body is named explicitly.
  bool curl_default_method = request.method == "HEAD" || request.method == "POST" ||
                             (request.method == "GET" && !with_body);
  if (!curl_default_method) options.set(CURLOPT_CUSTOMREQUEST, request.method.c_str());
  return options.code();
}

HttpResult CurlHttpClient::send(const HttpRequest& request) {
  HttpResult result;
  if (auto problem = invalid_request(request)) {
    result.transport_error = *problem;
    return result;
  }
  // A body reader may send while this handle's transfer is under way (an MCP server's question
  // inside its answer): that request gets a second handle of its own, never this busy one.
  if (in_transfer_) {
    if (!nested_) nested_ = std::make_unique<CurlHttpClient>();
    return nested_->send(request);
  }
  // The one handle keeps the connection cache, TLS session IDs and DNS cache across requests,
  // which is what makes it a connection pool.
  ensure_handle();
  error_buffer_[0] = '\0';
  ResponseSink sink(request.method != "HEAD", request.max_body_bytes, &request.body_reader);
  sink.set_idle_timeout(request.idle_timeout_s);
  curl_slist* headers = header_list_for(request);
  // A libcurl that refused a shared option fails every request alike, with its reason.
  CURLcode code = shared_options_;
  if (code == CURLE_OK) code = configure(request, headers, &sink);
  if (code == CURLE_OK) {
    in_transfer_ = true;
    code = api_->easy_perform(handle_);
    in_transfer_ = false;
  }
  if (sink.reader_error()) std::rethrow_exception(sink.reader_error());

  long status = 0;
  api_->easy_getinfo(handle_, CURLINFO_RESPONSE_CODE, &status);
  result.response = std::move(sink.response());
  result.response.status = static_cast<int>(status);
  result.body_read = sink.body_read();
  result.stopped_by_reader = sink.stopped_by_reader();
  result.transport_ok = code == CURLE_OK || result.stopped_by_reader;
  if (!result.transport_ok) {
    if (sink.too_large()) {
      result.body_too_large = true;
      result.response.body.clear();
      result.transport_error =
          "the response body is larger than " + std::to_string(request.max_body_bytes) + " bytes";
    } else if (sink.idle_timed_out()) {
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%g", request.idle_timeout_s);
      result.transport_error =
          std::string("Operation timed out: nothing moved for ") + seconds + " seconds";
    } else if (sink.out_of_memory()) {
      result.transport_error = "out of memory while receiving the response";
    } else {
      result.transport_error = error_buffer_[0] != '\0' ? error_buffer_ : api_->easy_strerror(code);
    }
  }
  return result;
}

}  // namespace kosmo::http
