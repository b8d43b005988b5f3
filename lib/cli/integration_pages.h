#pragma once
// What KosmoKrator's IntegrationDocService gives for a page besides prose, for
// integrations:docs --format json and integrations:examples: the page's function objects and
// ready-to-run example command lines.
#include <rapidjson/document.h>

#include <string>
#include <string_view>
#include <vector>

#include "lib/cli/integration_record.h"
#include "lib/integrations/catalog.h"

namespace kosmo::cli {

// The integration and, for a function page, the function a page names; both null when the
// page is neither (a guide, the index, or unknown).
struct PageSubject {
  const integrations::Manifest* manifest = nullptr;
  const integrations::Function* function = nullptr;
};

// "sinch" names the integration; "sinch.get_group" (or any spelling integrations:schema takes)
// names a function.
PageSubject page_subject(const integrations::Catalog& catalog, std::string_view page);

// KosmoKrator's JSON of a page: a function page's function object, an integration's list of
// function objects, else every function of the catalog sorted by name.
rapidjson::Value page_json(const integrations::Catalog& catalog, const IntegrationRecords& records,
                           const PageSubject& subject,
                           rapidjson::Document::AllocatorType& allocator);

// Command lines a user can run as they are (sample values for the required parameters): for a
// function, the call with flags, with a JSON object and from Lua; for an integration, its docs,
// schema and a call of its first function.
std::vector<std::string> page_examples(const PageSubject& subject);

}  // namespace kosmo::cli
