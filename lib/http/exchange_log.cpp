#include "lib/http/exchange_log.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>
#include <cstdio>

#include "lib/common/json_valid_text.h"
#include "lib/common/utf8.h"
#include "lib/http/redacted_preview.h"

namespace kosmo::http {

ExchangeObserver::~ExchangeObserver() = default;

namespace {

using log::Field;

std::string milliseconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f ms", seconds * 1000);
  return text;
}

std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f s", seconds);
  return text;
}

double rounded_ms(double seconds) { return std::round(seconds * 10000) / 10; }

// The headers as one JSON object, values redacted (sensitive ones whole).
std::string headers_json(const Redactor& redactor, const HeaderList& headers) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  for (const auto& header : redactor.redact_headers(headers)) {
    std::string name;
    append_valid_utf8(header.first, name);
    writer.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
    write_valid_utf8_string(writer, header.second);
  }
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

// "body (123 bytes): {...}" with the preview, or "no body".
std::string body_text(const Preview& preview, size_t size) {
  if (size == 0) return "no body";
  std::string text = "body (" + std::to_string(size) + " bytes";
  if (preview.cut) text += ", first " + std::to_string(kPreviewBytes) + " shown";
  return text + "): " + preview.text;
}

}  // namespace

std::string ExchangeLog::head(const HttpRequest& request, log::Fields& fields) const {
  const std::string& caller =
      request.caller_function.empty() ? request.route_scope : request.caller_function;
  const std::string url = escape_controls(redactor_.redact(request.url));
  fields.push_back(Field::text("function", caller));
  if (!request.caller_account.empty()) {
    fields.push_back(Field::text("account", request.caller_account));
  }
  fields.push_back(Field::text("method", request.method));
  fields.push_back(Field::text("url", url));
  std::string text = caller.empty() ? std::string("http") : caller;
  if (!request.caller_account.empty()) {
    text += " (account " + escape_controls(request.caller_account) + ")";
  }
  return text + ": " + request.method + " " + url;
}

std::string ExchangeLog::outcome_text(const HttpResult& result) const {
  if (!result.transport_ok) {
    return "failed: " + escape_controls(redactor_.redact(result.transport_error));
  }
  std::string text = "HTTP " + std::to_string(result.response.status);
  const std::string retry_after = result.response.header("retry-after");
  if (!retry_after.empty()) text += " (Retry-After: " + escape_controls(retry_after) + ")";
  return text;
}

void ExchangeLog::attempt_starting(const HttpRequest& request, int attempt) {
  if (!log::enabled(spdlog::level::debug)) return;
  log_debug_details(request, nullptr, attempt);
}

void ExchangeLog::append_outcome(const HttpResult& result, log::Fields& fields,
                                 std::string& text) const {
  if (result.transport_ok) {
    fields.push_back(Field::integer("status", result.response.status));
    text += " -> " + std::to_string(result.response.status);
  } else {
    fields.push_back(Field::text("error", redactor_.redact(result.transport_error)));
    text += " -> " + outcome_text(result);
  }
}

void ExchangeLog::log_debug_details(const HttpRequest& request, const HttpResult* result,
                                    int attempt) {
  log::Fields fields{Field::text("event", result ? "http_response" : "http_request")};
  std::string text = head(request, fields);
  fields.push_back(Field::integer("attempt", attempt));
  const HeaderList& headers = result ? result->response.headers : request.headers;
  const std::string& body = result ? result->response.body : request.body;
  const Preview preview = redacted_preview(redactor_, body);
  const std::string rendered_headers = headers_json(redactor_, headers);
  if (result) {
    fields.push_back(Field::integer("status", result->response.status));
    text += " <- " + outcome_text(*result);
  } else {
    text += " ->";
  }
  fields.push_back(Field::json("headers", rendered_headers));
  fields.push_back(Field::integer("body_bytes", static_cast<int64_t>(body.size())));
  fields.push_back(Field::text("body", preview.text));
  text += " headers " + rendered_headers + "; " + body_text(preview, body.size());
  log::event(spdlog::level::debug, text, fields);
}

void ExchangeLog::attempt_finished(const HttpRequest& request, const HttpResult& result,
                                   int attempt, double seconds) {
  if (!log::enabled(spdlog::level::info)) return;
  if (result.transport_ok && log::enabled(spdlog::level::debug)) {
    log_debug_details(request, &result, attempt);
  }
  log::Fields fields{Field::text("event", "http")};
  std::string text = head(request, fields);
  append_outcome(result, fields, text);
  fields.push_back(Field::number("duration_ms", rounded_ms(seconds)));
  fields.push_back(Field::integer("attempt", attempt));
  text += " in " + milliseconds_text(seconds) + " (attempt " + std::to_string(attempt) + ")";
  log::event(spdlog::level::info, text, fields);
}

void ExchangeLog::retrying(const HttpRequest& request, const HttpResult& result, int next_attempt,
                           double wait_seconds) {
  if (!log::enabled(spdlog::level::info)) return;
  log::Fields fields{Field::text("event", "http_retry")};
  std::string text = head(request, fields);
  const std::string reason = outcome_text(result);
  fields.push_back(Field::text("reason", reason));
  fields.push_back(Field::number("wait_seconds", std::round(wait_seconds * 1000) / 1000));
  fields.push_back(Field::integer("next_attempt", next_attempt));
  text += ": retrying after " + reason + ", waiting " + seconds_text(wait_seconds) +
          " before attempt " + std::to_string(next_attempt);
  log::event(spdlog::level::info, text, fields);
}

void ExchangeLog::not_retried(const HttpRequest& request, const HttpResult& result, int attempts,
                              std::string_view why) {
  if (!log::enabled(spdlog::level::info)) return;
  log::Fields fields{Field::text("event", "http_no_retry")};
  std::string text = head(request, fields);
  const std::string reason = outcome_text(result);
  fields.push_back(Field::text("reason", reason));
  fields.push_back(Field::text("why", std::string(why)));
  fields.push_back(Field::integer("attempts", attempts));
  text += ": not retrying " + reason + " after " + std::to_string(attempts) + " attempt" +
          (attempts == 1 ? "" : "s") + ": " + std::string(why);
  log::event(spdlog::level::info, text, fields);
}

void ExchangeLog::replayed(const HttpRequest& request, const HttpResult& result) {
  if (!log::enabled(spdlog::level::info)) return;
  if (log::enabled(spdlog::level::debug)) {
    log_debug_details(request, nullptr, 1);
    if (result.transport_ok) log_debug_details(request, &result, result.attempts);
  }
  log::Fields fields{Field::text("event", "http"), Field::text("source", "cassette")};
  std::string text = head(request, fields);
  append_outcome(result, fields, text);
  fields.push_back(Field::integer("attempt", result.attempts));
  text += " (replayed from the cassette, attempt " + std::to_string(result.attempts) + ")";
  log::event(spdlog::level::info, text, fields);
}

}  // namespace kosmo::http
