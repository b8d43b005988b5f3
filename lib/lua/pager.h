#pragma once
// One walk through the pages of a list function, the same for app.paginate and
// `integrations:call --paginate`. The caller makes each page's call itself (so the policy,
// retries and the call log apply to every page exactly as to any call) and hands the answer
// back; the Pager keeps the position, applies the caps and refuses a page position it has
// already asked for: a vendor that returns the same cursor twice ends the walk with an error
// instead of an endless loop.
#include <rapidjson/document.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "lib/common/outcome.h"
#include "lib/lua/dispatcher.h"
#include "lib/lua/page_walker.h"

namespace kosmo::lua {

struct PageLimits {
  std::optional<int64_t> max_pages;  // pages requested at most
  std::optional<int64_t> max_items;  // items returned at most
};

class Pager {
 public:
  // `first` carries the caller's named arguments: the first page's request.
  Pager(CallRequest first, std::unique_ptr<PageWalker> walker, PageLimits limits);

  bool finished() const { return finished_; }
  int64_t pages_read() const { return pages_read_; }
  // The request of the next page; only while !finished().
  const CallRequest& next_request() const { return request_; }
  // Reads `data`, the answer to next_request(): its items (cut at max_items), and moves to the
  // next page or finishes. A failure (an answer without the items, a repeated position) also
  // finishes the walk.
  Outcome<rapidjson::Document> take(const rapidjson::Value& data, std::string_view next_link = {});

 private:
  Failure stop(std::string message);

  CallRequest request_;
  std::unique_ptr<PageWalker> walker_;
  PageLimits limits_;
  std::set<std::string> positions_;  // every page's arguments sent so far, as compact JSON
  int64_t pages_read_ = 0;
  int64_t items_read_ = 0;
  bool finished_ = false;
};

// The arguments of app.paginate's options table and --paginate's flags, checked alike: a cap
// is a whole number of at least 1. Returns the problem, naming `key`.
std::optional<std::string> page_limit_problem(const char* key, double value);

}  // namespace kosmo::lua
