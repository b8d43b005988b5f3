#include "lib/cli/json_log_formatter.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <ctime>

#include "lib/common/json_valid_text.h"

namespace kosmo::cli {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// RFC 3339 in UTC with milliseconds: sorts as text and every shipper parses it.
std::string utc_timestamp(std::chrono::system_clock::time_point time) {
  const auto since_epoch = time.time_since_epoch();
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
  const long millis = static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds).count());
  const std::time_t whole = static_cast<std::time_t>(seconds.count());
  std::tm utc{};
  gmtime_r(&whole, &utc);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
  return text;
}

void write_field(Writer& writer, const log::Field& field) {
  writer.Key(field.name.data(), static_cast<rapidjson::SizeType>(field.name.size()));
  switch (field.kind) {
    case log::Field::Kind::kText:
      write_valid_utf8_string(writer, field.text_value);
      break;
    case log::Field::Kind::kInteger:
      writer.Int64(field.integer_value);
      break;
    case log::Field::Kind::kNumber:
      writer.Double(field.number_value);
      break;
    case log::Field::Kind::kJson:
      writer.RawValue(field.text_value.data(), field.text_value.size(), rapidjson::kObjectType);
      break;
  }
}

std::string_view level_name(spdlog::level::level_enum level) {
  // spdlog calls it "warning"; KOSMO_LOG and the text format say "warn".
  if (level == spdlog::level::warn) return "warn";
  const auto name = spdlog::level::to_string_view(level);
  return std::string_view(name.data(), name.size());
}

}  // namespace

std::string json_log_line(std::chrono::system_clock::time_point time, std::string_view level,
                          std::string_view message, const log::Fields* fields) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartObject();
  writer.Key("time");
  const std::string timestamp = utc_timestamp(time);
  writer.String(timestamp.data(), static_cast<rapidjson::SizeType>(timestamp.size()));
  writer.Key("level");
  writer.String(level.data(), static_cast<rapidjson::SizeType>(level.size()));
  writer.Key("message");
  write_valid_utf8_string(writer, message);
  if (fields != nullptr) {
    for (const log::Field& field : *fields) write_field(writer, field);
  }
  writer.EndObject();
  std::string line(buffer.GetString(), buffer.GetSize());
  line.push_back('\n');
  return line;
}

void JsonLogFormatter::format(const spdlog::details::log_msg& message, spdlog::memory_buf_t& out) {
  const std::string line = json_log_line(
      message.time, level_name(message.level),
      std::string_view(message.payload.data(), message.payload.size()), log::current_fields());
  out.append(line.data(), line.data() + line.size());
}

std::unique_ptr<spdlog::formatter> JsonLogFormatter::clone() const {
  return std::make_unique<JsonLogFormatter>();
}

}  // namespace kosmo::cli
