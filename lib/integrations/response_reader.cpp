#include "lib/integrations/response_reader.h"

#include "lib/common/json_parse.h"
#include "lib/common/json_text.h"
#include "lib/common/utf8.h"
#include "lib/http/base64.h"
#include "lib/http/link_header.h"

namespace kosmo::integrations {
namespace {

// Error bodies can be whole HTML pages; messages stay readable.
constexpr size_t kMaxBodyInMessage = 2000;

std::string replace_all(std::string text, std::string_view placeholder, std::string_view value) {
  for (size_t at = text.find(placeholder); at != std::string::npos;
       at = text.find(placeholder, at + value.size())) {
    text.replace(at, placeholder.size(), value);
  }
  return text;
}

std::string format(const std::string& pattern, const Manifest& manifest, int status,
                   std::string_view message, std::string_view path) {
  std::string text = replace_all(pattern, "{label}", manifest.label);
  text = replace_all(text, "{status}", std::to_string(status));
  text = replace_all(text, "{path}", path);
  return replace_all(text, "{message}", message);
}

// The first message field present in a JSON error body ("error.message", "error", ...);
// non-string values are written as JSON. Empty when none applies.
std::string message_from_body(const Manifest& manifest, const std::string& body) {
  rapidjson::Document document;
  // parse_json: an error body is the vendor's text, and a deeply nested one must not overflow
  // the stack (a recursive parse of 200,000 '[' ended the process without an envelope).
  if (parse_json(body, document).IsError() || !document.IsObject()) return "";
  for (const std::string& field : manifest.errors.message_fields) {
    const rapidjson::Value* value = &document;
    size_t start = 0;
    while (value != nullptr && start <= field.size()) {
      const size_t dot = field.find('.', start);
      const std::string key = field.substr(start, dot == std::string::npos ? dot : dot - start);
      if (!value->IsObject()) {  // e.g. "error" is a string and the field is "error.message"
        value = nullptr;
        break;
      }
      auto found = value->FindMember(key.c_str());
      value = found != value->MemberEnd() ? &found->value : nullptr;
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    if (value == nullptr || value->IsNull()) continue;
    if (value->IsString()) return {value->GetString(), value->GetStringLength()};
    return json::compact_text(*value);
  }
  return "";
}

bool looks_like_html(const http::HttpResponse& response) {
  if (response.header("content-type").find("text/html") != std::string::npos) return true;
  const size_t start = response.body.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) return false;
  const std::string head = response.body.substr(start, 15);
  return head.rfind("<!DOCTYPE", 0) == 0 || head.rfind("<!doctype", 0) == 0 ||
         head.rfind("<html", 0) == 0;
}

std::string http_error_message(const Manifest& manifest, const BuiltRequest& built,
                               const http::HttpResponse& response) {
  if (!manifest.errors.html.empty() && looks_like_html(response)) {
    return format(manifest.errors.html, manifest, response.status, "", built.relative_path());
  }
  std::string message = message_from_body(manifest, response.body);
  if (message.empty()) {
    message = response.body.substr(0, kMaxBodyInMessage);
  }
  return format(manifest.errors.http, manifest, response.status, message, built.relative_path());
}

void set_raw_data(const http::HttpResponse& response, const http::Redactor& redactor,
                  rapidjson::Document& data) {
  auto& allocator = data.GetAllocator();
  data.SetObject();
  const std::string content_type = response.header("content-type");
  data.AddMember("content_type", rapidjson::Value(content_type.c_str(), allocator), allocator);
  if (is_valid_utf8(response.body)) {
    data.AddMember(
        "body",
        rapidjson::Value(response.body.data(),
                         static_cast<rapidjson::SizeType>(response.body.size()), allocator),
        allocator);
    return;
  }
  const std::string encoded = http::base64_encode(redactor.redact(response.body));
  data.AddMember("body", rapidjson::Value(encoded.c_str(), allocator), allocator);
  data.AddMember("encoding", "base64", allocator);
}

// The vendor's error body as the script sees it in app.last_error().body: decoded JSON, else
// the text (UTF-8 only: a Lua string of raw bytes would not survive the envelope).
void set_error_body(const std::string& body, rapidjson::Document& error_body) {
  rapidjson::Document decoded;
  if (!parse_json(body, decoded).IsError()) {
    error_body.Swap(decoded);
  } else if (is_valid_utf8(body)) {
    error_body.SetString(body.data(), static_cast<rapidjson::SizeType>(body.size()),
                         error_body.GetAllocator());
  }
}

// JSON as decoded (numbers exact, as json.decode reads them); an empty body and a text body as
// the manifest says (by default {}, as the reference does). False for JSON nested deeper than
// a script can take (kMaxJsonDepth), which must fail the call rather than pass for text.
bool set_json_data(const ResponseShapes& shapes, const std::string& body,
                   rapidjson::Document& data) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    data.Parse(shapes.empty_body_json.value_or("{}").c_str());
    return true;
  }
  const rapidjson::ParseResult parsed = parse_json(body, data);
  if (!parsed.IsError()) return true;
  if (parsed.Code() == rapidjson::kParseErrorTermination) return false;
  data.SetObject();
  if (shapes.text_body_key.empty()) return true;
  auto& allocator = data.GetAllocator();
  data.AddMember(
      rapidjson::Value(shapes.text_body_key.c_str(), allocator),
      rapidjson::Value(body.data(), static_cast<rapidjson::SizeType>(body.size()), allocator),
      allocator);
  return true;
}

// {"ok": true, <key>: data}
void wrap(const std::string& key, rapidjson::Document& data) {
  rapidjson::Document wrapped(rapidjson::kObjectType);
  auto& allocator = wrapped.GetAllocator();
  wrapped.AddMember("ok", true, allocator);
  wrapped.AddMember(rapidjson::Value(key.c_str(), allocator), rapidjson::Value(data, allocator),
                    allocator);
  data.Swap(wrapped);
}

bool retryable_status(int status) {
  return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 ||
         status == 504;
}

}  // namespace

void read_response(const Manifest& manifest, const Function& function, const BuiltRequest& built,
                   const http::HttpResult& result, const http::Redactor& redactor,
                   lua::CallOutcome& outcome) {
  outcome.attempts = result.attempts;
  if (result.replay_miss) {
    outcome.error_code = ErrorCode::kReplayMiss;
    outcome.error_message = result.transport_error;
    return;
  }
  if (result.body_too_large) {
    if (result.response.status != 0) outcome.http_status = result.response.status;
    outcome.error_code = ErrorCode::kMemoryLimit;
    outcome.error_message = manifest.label + " response is larger than the memory limit (" +
                            std::to_string(built.http.max_body_bytes) +
                            " bytes); it was not read. Raise --memory-limit to receive it.";
    return;
  }
  if (!result.transport_ok) {
    outcome.error_code = ErrorCode::kHttp;
    outcome.retryable = true;
    outcome.error_message = replace_all(manifest.errors.connection, "{label}", manifest.label);
    outcome.error_message = replace_all(outcome.error_message, "{detail}", result.transport_error);
    return;
  }
  const http::HttpResponse& response = result.response;
  outcome.http_status = response.status;
  if (response.status < 200 || response.status >= 300) {
    outcome.error_code = ErrorCode::kHttp;
    outcome.retryable = retryable_status(response.status);
    outcome.error_message = http_error_message(manifest, built, response);
    set_error_body(response.body, outcome.error_body);
    return;
  }
  outcome.ok = true;
  if (auto link = http::next_link(response.header("link"))) {
    outcome.next_link = redactor.redact(*link);
  }
  if (function.response == ResponseKind::kRaw) {
    set_raw_data(response, redactor, outcome.data);
    return;
  }
  if (!set_json_data(manifest.responses, response.body, outcome.data)) {
    outcome.ok = false;
    outcome.error_code = ErrorCode::kIntegration;
    outcome.error_message = manifest.label + " response is JSON nested deeper than " +
                            std::to_string(kMaxJsonDepth) + " levels; a script cannot receive it.";
    return;
  }
  if (!function.wrap_result.empty()) wrap(function.wrap_result, outcome.data);
}

}  // namespace kosmo::integrations
