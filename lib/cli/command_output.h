#pragma once
// The output of the integrations companion commands (list, docs, search, schema, configure,
// status). With --json, stdout carries exactly one JSON object whose first keys are always
// `success`, `error` and `error_code` (the same three keys the run envelope starts with, so a
// caller can check any kosmo command the same way), followed by the command's own keys on
// success. Without --json: the text on stdout, errors as "Error: ..." on stderr.
#include <rapidjson/document.h>

#include <string>
#include <string_view>
#include <vector>

#include "lib/common/error_codes.h"
#include "lib/common/outcome.h"

namespace kosmo::cli {

class CommandOutput {
 public:
  explicit CommandOutput(bool json) : json_(json), payload_(rapidjson::kObjectType) {}

  bool json() const { return json_; }
  // The command's own keys, in the order they are added.
  rapidjson::Value& payload() { return payload_; }
  rapidjson::Document::AllocatorType& allocator() { return payload_.GetAllocator(); }
  // A JSON string holding `text`, with invalid UTF-8 replaced so the document stays valid.
  rapidjson::Value string(std::string_view text);

  // Writes the payload (--json) or `text` and returns exit code 0.
  int succeed(std::string_view text);
  // Writes the error and returns the exit code of `error_code`.
  int fail(std::string_view message, ErrorCode error_code);
  int fail(const Failure& failure) { return fail(failure.message, failure.code); }

 private:
  bool json_;
  rapidjson::Document payload_;
};

// Pretty JSON with a 2-space indent, like the envelope.
std::string pretty_json(const rapidjson::Value& value);

// Rows as aligned text columns (two spaces apart; the last column is not padded).
std::string format_columns(const std::vector<std::vector<std::string>>& rows);

}  // namespace kosmo::cli
