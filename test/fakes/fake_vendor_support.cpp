// JSON helpers and vendor error formats shared by the fake vendor routes.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "fakes/fake_vendor_routes.h"

namespace kosmo::fakes {
namespace {

// Sinch's documented error codes (SMS REST API, "Error responses").
const char* sinch_code(int status) {
  switch (status) {
    case 400:
      return "syntax_invalid_parameter_format";
    case 401:
      return "unauthorized";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 429:
      return "too_many_requests";
    default:
      return "internal_error";
  }
}

// Anthropic's documented error types (API reference, "Errors").
const char* anthropic_type(int status) {
  switch (status) {
    case 400:
      return "invalid_request_error";
    case 401:
      return "authentication_error";
    case 403:
      return "permission_error";
    case 404:
      return "not_found_error";
    case 413:
      return "request_too_large";
    case 429:
      return "rate_limit_error";
    case 503:
    case 529:
      return "overloaded_error";
    default:
      return "api_error";
  }
}

}  // namespace

Vendor vendor_for_path(std::string_view path) {
  if (path.rfind("/xms/", 0) == 0) return Vendor::kSinch;
  if (path.rfind("/missive/", 0) == 0) return Vendor::kMissive;
  if (path.rfind("/wildix/", 0) == 0) return Vendor::kWildix;
  if (path.rfind("/agora/", 0) == 0) return Vendor::kAgora;
  return Vendor::kAnthropic;
}

std::string vendor_error_body(Vendor vendor, int status, std::string_view text) {
  rapidjson::Document doc(rapidjson::kObjectType);
  if (vendor == Vendor::kSinch) {
    set_string(doc, doc, "code", sinch_code(status));
    set_string(doc, doc, "text", text);
    return to_json_text(doc);
  }
  if (vendor != Vendor::kAnthropic) {  // Missive, Wildix and Agora answer {"error": "..."}
    set_string(doc, doc, "error", text);
    return to_json_text(doc);
  }
  rapidjson::Value error(rapidjson::kObjectType);
  set_string(doc, error, "type", anthropic_type(status));
  set_string(doc, error, "message", text);
  set_string(doc, doc, "type", "error");
  set_member(doc, doc, "error", error);
  set_string(doc, doc, "request_id", "req_011CSHoEeqs5C35K2UUqR7Fy");
  return to_json_text(doc);
}

std::string RouteRequest::param(const std::string& name, const std::string& fallback) const {
  auto found = params.find(name);
  return found == params.end() ? fallback : found->second;
}

long long RouteRequest::int_param(const std::string& name, long long fallback) const {
  const std::string text = param(name);
  if (text.empty()) return fallback;
  char* end = nullptr;
  const long long value = std::strtoll(text.c_str(), &end, 10);
  return *end == '\0' ? value : fallback;
}

rapidjson::Document parse_json(std::string_view text) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError()) {
    std::fprintf(stderr, "fake vendor: invalid canned JSON: %.*s\n", static_cast<int>(text.size()),
                 text.data());
    std::abort();
  }
  return doc;
}

std::string to_json_text(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
}

void set_member(rapidjson::Document& doc, rapidjson::Value& object, const char* key,
                const rapidjson::Value& value) {
  auto& allocator = doc.GetAllocator();
  auto found = object.FindMember(key);
  if (found != object.MemberEnd()) {
    found->value.CopyFrom(value, allocator);  // in place, so canned bodies keep their key order
    return;
  }
  object.AddMember(rapidjson::Value(key, allocator), rapidjson::Value(value, allocator), allocator);
}

void set_string(rapidjson::Document& doc, rapidjson::Value& object, const char* key,
                std::string_view value) {
  rapidjson::Value text(value.data(), static_cast<rapidjson::SizeType>(value.size()),
                        doc.GetAllocator());
  set_member(doc, object, key, text);
}

Reply json_reply(std::string body, int status) {
  Reply reply;
  reply.status = status;
  reply.body = std::move(body);
  return reply;
}

Reply json_reply(const rapidjson::Value& value, int status) {
  return json_reply(to_json_text(value), status);
}

Reply error_reply(Vendor vendor, int status, std::string_view text) {
  return json_reply(vendor_error_body(vendor, status, text), status);
}

// Strictness helpers: a fake answers only what the vendor accepts, so a request that drifts from
// the real API fails its test instead of passing quietly.

std::optional<std::string> unknown_query_parameter(const RouteRequest& request,
                                                   const std::vector<std::string_view>& allowed) {
  for (const auto& [name, value] : request.params) {
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) return name;
  }
  return std::nullopt;
}

std::optional<std::string> unknown_member(const rapidjson::Value& object,
                                          const std::vector<std::string_view>& allowed) {
  if (!object.IsObject()) return std::nullopt;
  for (const auto& member : object.GetObject()) {
    const std::string_view name(member.name.GetString(), member.name.GetStringLength());
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      return std::string(name);
    }
  }
  return std::nullopt;
}

}  // namespace kosmo::fakes
