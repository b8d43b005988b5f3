#include "lib/cli/command_output.h"

#include <algorithm>
#include <iostream>

#include "lib/cli/envelope.h"
#include "lib/cli/logging.h"
#include "lib/common/error_codes.h"
#include "lib/common/json_text.h"
#include "lib/common/utf8.h"

namespace kosmo::cli {
namespace {

rapidjson::Value valid_string(std::string_view text,
                              rapidjson::Document::AllocatorType& allocator) {
  std::string valid;
  append_valid_utf8(text, valid);
  return rapidjson::Value(valid.c_str(), static_cast<rapidjson::SizeType>(valid.size()), allocator);
}

}  // namespace

std::string pretty_json(const rapidjson::Value& value) { return json::pretty_text(value); }

std::string format_columns(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string text;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      text += row[i];
      if (i + 1 < row.size()) text += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    text += '\n';
  }
  return text;
}

rapidjson::Value CommandOutput::string(std::string_view text) {
  return valid_string(text, allocator());
}

int CommandOutput::succeed(std::string_view text) {
  if (!json_) {
    std::string out(text);
    if (!out.empty() && out.back() != '\n') out.push_back('\n');
    write_stdout(out);
    return kExitOk;
  }
  rapidjson::Document document(rapidjson::kObjectType);
  auto& allocator = document.GetAllocator();
  document.AddMember("success", true, allocator);
  document.AddMember("error", rapidjson::Value(), allocator);
  document.AddMember("error_code", rapidjson::Value(), allocator);
  for (auto& member : payload_.GetObject()) {
    document.AddMember(rapidjson::Value(member.name, allocator),
                       rapidjson::Value(member.value, allocator), allocator);
  }
  write_stdout(pretty_json(document) + "\n");
  return kExitOk;
}

int CommandOutput::fail(std::string_view message, ErrorCode error_code) {
  if (json_) {
    rapidjson::Document document(rapidjson::kObjectType);
    auto& allocator = document.GetAllocator();
    document.AddMember("success", false, allocator);
    document.AddMember("error", valid_string(message, allocator), allocator);
    document.AddMember("error_code", valid_string(error_code_name(error_code), allocator),
                       allocator);
    write_stdout(pretty_json(document) + "\n");
  } else {
    std::cerr << error_line_for_stderr(message);
  }
  return exit_code_of(error_code);
}

}  // namespace kosmo::cli
