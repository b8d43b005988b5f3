#include "lib/common/log_event.h"

namespace kosmo::log {
namespace {

thread_local const Fields* fields_being_logged = nullptr;

// Restores the previous pointer even if a sink throws, so a later plain spdlog call on this
// thread never picks up fields that are gone.
class FieldsInFlight {
 public:
  explicit FieldsInFlight(const Fields& fields) : previous_(fields_being_logged) {
    fields_being_logged = &fields;
  }
  ~FieldsInFlight() { fields_being_logged = previous_; }
  FieldsInFlight(const FieldsInFlight&) = delete;
  FieldsInFlight& operator=(const FieldsInFlight&) = delete;

 private:
  const Fields* previous_;
};

}  // namespace

Field Field::text(std::string name, std::string value) {
  Field field;
  field.name = std::move(name);
  field.text_value = std::move(value);
  return field;
}

Field Field::integer(std::string name, int64_t value) {
  Field field;
  field.name = std::move(name);
  field.kind = Kind::kInteger;
  field.integer_value = value;
  return field;
}

Field Field::number(std::string name, double value) {
  Field field;
  field.name = std::move(name);
  field.kind = Kind::kNumber;
  field.number_value = value;
  return field;
}

Field Field::json(std::string name, std::string rendered) {
  Field field;
  field.name = std::move(name);
  field.kind = Kind::kJson;
  field.text_value = std::move(rendered);
  return field;
}

void event(spdlog::level::level_enum level, std::string_view message, const Fields& fields) {
  if (!enabled(level)) return;
  FieldsInFlight in_flight(fields);
  spdlog::log(level, "{}", message);
}

const Fields* current_fields() { return fields_being_logged; }

}  // namespace kosmo::log
