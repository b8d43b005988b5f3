#pragma once
// Structured log events: a message for people plus named fields for machines. spdlog's records
// carry only the text, so the fields of the event being logged are handed to the JSON formatter
// (--log-format json, lib/cli/json_log_formatter.h) through a thread-local for the duration of
// the spdlog call; spdlog's synchronous loggers format on the calling thread, inside that call.
// In text format the fields are ignored: the message already says everything in words.
#include <spdlog/spdlog.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kosmo::log {

struct Field {
  enum class Kind { kText, kInteger, kNumber, kJson };
  std::string name;
  Kind kind = Kind::kText;
  std::string text_value;  // kText: the value; kJson: an already rendered JSON value
  int64_t integer_value = 0;
  double number_value = 0;

  static Field text(std::string name, std::string value);
  static Field integer(std::string name, int64_t value);
  static Field number(std::string name, double value);
  static Field json(std::string name, std::string rendered);
};
using Fields = std::vector<Field>;

// Whether an event at `level` would be written; check it before building fields.
inline bool enabled(spdlog::level::level_enum level) { return spdlog::should_log(level); }

// Logs `message` at `level` with `fields` (the JSON formatter writes them beside "message").
void event(spdlog::level::level_enum level, std::string_view message, const Fields& fields);

// The fields of the event this thread is logging right now, else nullptr.
const Fields* current_fields();

}  // namespace kosmo::log
