#pragma once
// The seam app.paginate and `integrations:call --paginate` page through: a dispatcher that knows
// how a function pages (for integrations, its manifest's `paging`) hands out a PageWalker, which
// reads one page's answer into its items and the arguments of the next page. The walk itself
// (caps, the repeated-position guard, logging each page as a call) is the Pager's, so it is the
// same for every vendor and both callers.
#include <rapidjson/document.h>

#include <optional>
#include <string_view>

#include "lib/common/outcome.h"

namespace kosmo::lua {

struct PageStep {
  rapidjson::Document items{rapidjson::kArrayType};  // this page's items, in order
  // The arguments of the next page (an object); none when this page is the last.
  std::optional<rapidjson::Document> next_arguments;
};

class PageWalker {
 public:
  virtual ~PageWalker() = default;
  // Reads the page that `arguments` (the named arguments sent) answered with `data` (and, when
  // the response had one, a Link rel="next" URL). A failure is an answer that does not have the
  // shape the function pages by.
  virtual Outcome<PageStep> read(const rapidjson::Value& arguments, const rapidjson::Value& data,
                                 std::string_view next_link) = 0;
};

}  // namespace kosmo::lua
