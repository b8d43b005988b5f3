#pragma once
// The process environment behind an interface, so configuration code can be tested with a map
// instead of setenv(), and `${NAME}` references in config values.
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kosmo::config {

class Environment {
 public:
  virtual ~Environment() = default;
  // The value of `name`, or nullopt when it is not set (an empty value is still a value).
  virtual std::optional<std::string> get(std::string_view name) const = 0;
  // Names of all variables starting with `prefix` (case-sensitive), sorted.
  virtual std::vector<std::string> names_with_prefix(std::string_view prefix) const = 0;
};

// Reads `environ` on every call, so values are those at call time, not at construction.
class ProcessEnvironment : public Environment {
 public:
  std::optional<std::string> get(std::string_view name) const override;
  std::vector<std::string> names_with_prefix(std::string_view prefix) const override;
};

// The shared ProcessEnvironment instance.
const Environment& process_environment();

// A fixed set of variables, for tests and for callers that build an environment by hand.
class MapEnvironment : public Environment {
 public:
  MapEnvironment() = default;
  MapEnvironment(std::initializer_list<std::pair<const std::string, std::string>> variables)
      : variables_(variables) {}

  void set(std::string name, std::string value) { variables_[std::move(name)] = std::move(value); }
  void unset(const std::string& name) { variables_.erase(name); }

  std::optional<std::string> get(std::string_view name) const override;
  std::vector<std::string> names_with_prefix(std::string_view prefix) const override;

 private:
  std::map<std::string, std::string, std::less<>> variables_;
};

// Resolves a config value that refers to the environment. Only a whole value is a reference, as
// in the reference implementation (`"Bearer ${T}"` stays literal):
//   `${NAME}`          → NAME's value; nullopt when NAME is unset (the value counts as absent)
//   `${NAME:-default}` → NAME's value when set and non-empty, else `default` (shell semantics)
// NAME must be a shell identifier ([A-Za-z_][A-Za-z0-9_]*); anything else is returned as is.
std::optional<std::string> expand_value(std::string_view value, const Environment& env);

}  // namespace kosmo::config
