#pragma once
// All integrations kosmo knows: the manifests embedded in the binary plus the user's own from
// $KOSMO_HOME/integrations/*.json (a user manifest with the same name replaces the embedded one,
// so a user can patch an integration without compiling). Functions resolve by short name,
// slug or alias.
#include <string>
#include <string_view>
#include <vector>

#include "lib/integrations/manifest.h"

namespace kosmo::integrations {

class Catalog {
 public:
  // `user_directory` may be empty or missing. A user manifest that cannot be read or is invalid
  // fails the whole load (config_error naming the file and the key): skipping it would quietly
  // run with the embedded integration it meant to replace, under a policy it meant to change.
  static Outcome<Catalog> load(const std::string& user_directory);
  // For tests: a catalog of exactly these manifests.
  static Catalog from(std::vector<Manifest> manifests);

  const std::vector<Manifest>& integrations() const { return manifests_; }
  const Manifest* integration(std::string_view name) const;
  // By short name, slug or alias. Hidden functions (reached only through another function's
  // hook) resolve only when `include_hidden` is set.
  const Function* function(const Manifest& manifest, std::string_view name,
                           bool include_hidden = false) const;
  // Every public name of the catalog, "sinch.get_group" style, for "Did you mean".
  std::vector<std::string> qualified_names() const;

 private:
  std::vector<Manifest> manifests_;
};

}  // namespace kosmo::integrations
