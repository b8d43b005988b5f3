#pragma once
// Finds integrations and functions named on the command line, with "Did you mean" messages
// when nothing matches, for integrations:schema, :call, :configure and :status.
#include <optional>
#include <string>
#include <string_view>

#include "lib/integrations/catalog.h"

namespace kosmo::cli {

struct FunctionRef {
  const integrations::Manifest* manifest = nullptr;
  const integrations::Function* function = nullptr;
};

// Accepts every spelling a user meets in the docs and the call log: "sinch.get_group",
// "sinch.sinch_get_group" (slug), alias forms ("anthropic.list_workspaces"), with an optional
// "app." / "integrations." prefix, and a bare slug ("sinch_get_group") or a bare short name
// or alias when exactly one integration has it. Otherwise sets `error` (with suggestions).
std::optional<FunctionRef> find_function(const integrations::Catalog& catalog,
                                         std::string_view text, std::string& error);

// The integration called `name`, or null with `error` naming the nearest known names.
const integrations::Manifest* find_integration(const integrations::Catalog& catalog,
                                               std::string_view name, std::string& error);

}  // namespace kosmo::cli
