#pragma once
// How the layers under lib/cli report failure: a function that can fail returns its value or a
// failure, and the caller decides what it means (ninja's "return false and fill err" style).
// Exceptions are left for the process edge (lib/cli) and for what cannot be handled locally
// (out of memory); lib/integrations and lib/mcp do not throw across their own functions.
//
// A check with nothing to return gives std::optional<Failure>: empty when it passed.
#include <string>
#include <utility>
#include <variant>

#include "lib/common/error_codes.h"

namespace kosmo {

// A failure as the person running kosmo reads it: the error code decides the exit code, the
// message says what went wrong and, where it can, how to fix it.
struct Failure {
  ErrorCode code = ErrorCode::kLua;
  std::string message;
};

template <typename T, typename E = Failure>
class [[nodiscard]] Outcome {
 public:
  Outcome(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  Outcome(E error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const E& error() const& { return std::get<1>(state_); }
  E&& error() && { return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, E> state_;
};

}  // namespace kosmo
