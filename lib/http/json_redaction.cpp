#include "lib/http/json_redaction.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>
#include <string_view>
#include <vector>

namespace kosmo::http {
namespace {

void redact_string(const Redactor& redactor, rapidjson::Value& value,
                   rapidjson::Document::AllocatorType& allocator) {
  const std::string_view text(value.GetString(), value.GetStringLength());
  if (!redactor.contains_secret(text)) return;
  const std::string redacted = redactor.redact(text);
  value.SetString(redacted.data(), static_cast<rapidjson::SizeType>(redacted.size()), allocator);
}

// The number as JSON text: the digits a vendor sent, for integers; the shortest round-trip
// form, for the rest.
std::string number_text(const rapidjson::Value& value) {
  if (value.IsInt64()) return std::to_string(value.GetInt64());
  if (value.IsUint64()) return std::to_string(value.GetUint64());
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.Double(value.GetDouble());
  return {buffer.GetString(), buffer.GetSize()};
}

void redact_number(const Redactor& redactor, rapidjson::Value& value) {
  if (redactor.contains_secret(number_text(value))) {
    value.SetString(rapidjson::StringRef(kRedacted.data(), kRedacted.size()));
  }
}

}  // namespace

void redact_json(const Redactor& redactor, rapidjson::Value& root,
                 rapidjson::Document::AllocatorType& allocator) {
  if (redactor.empty() || root.IsNull()) return;  // a call's error_body, most of the time
  const bool numbers = redactor.has_numeric_form();
  std::vector<rapidjson::Value*> containers;  // still to visit, instead of recursing
  if (root.IsObject() || root.IsArray()) containers.reserve(16);  // one allocation, not several
  auto visit = [&](rapidjson::Value& value) {
    if (value.IsString()) {
      redact_string(redactor, value, allocator);
    } else if (value.IsNumber()) {
      if (numbers) redact_number(redactor, value);
    } else if (value.IsArray() || value.IsObject()) {
      containers.push_back(&value);
    }
  };
  visit(root);
  while (!containers.empty()) {
    rapidjson::Value& container = *containers.back();
    containers.pop_back();
    if (container.IsArray()) {
      for (auto& item : container.GetArray()) visit(item);
      continue;
    }
    for (auto& member : container.GetObject()) {
      redact_string(redactor, member.name, allocator);
      visit(member.value);
    }
  }
}

}  // namespace kosmo::http
