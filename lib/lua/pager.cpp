#include "lib/lua/pager.h"

#include <cmath>

#include "lib/common/json_text.h"

namespace kosmo::lua {

Pager::Pager(CallRequest first, std::unique_ptr<PageWalker> walker, PageLimits limits)
    : request_(std::move(first)), walker_(std::move(walker)), limits_(limits) {
  request_.has_named = true;
  positions_.insert(json::compact_text(request_.named));
  if (limits_.max_pages && *limits_.max_pages <= 0) finished_ = true;
  if (limits_.max_items && *limits_.max_items <= 0) finished_ = true;
}

Failure Pager::stop(std::string message) {
  finished_ = true;
  return Failure{ErrorCode::kIntegration, "app." + request_.joined_path() + ": " + message};
}

Outcome<rapidjson::Document> Pager::take(const rapidjson::Value& data,
                                         std::string_view next_link) {
  Outcome<PageStep> read = walker_->read(request_.named, data, next_link);
  if (!read) return stop(read.error().message);
  ++pages_read_;
  PageStep& step = *read;
  rapidjson::Document items = std::move(step.items);
  if (limits_.max_items) {
    const int64_t room = *limits_.max_items - items_read_;
    while (static_cast<int64_t>(items.Size()) > room) items.PopBack();
  }
  items_read_ += items.Size();
  const bool capped = (limits_.max_pages && pages_read_ >= *limits_.max_pages) ||
                      (limits_.max_items && items_read_ >= *limits_.max_items);
  if (!step.next_arguments || capped) {
    finished_ = true;
    return items;
  }
  const auto [seen, is_new] = positions_.insert(json::compact_text(*step.next_arguments));
  if (!is_new) {
    return stop("page " + std::to_string(pages_read_ + 1) +
                " would ask for a page already read (the vendor returned the same position "
                "twice: " +
                *seen + "); paging stopped instead of looping.");
  }
  request_.named = std::move(*step.next_arguments);
  return items;
}

std::optional<std::string> page_limit_problem(const char* key, double value) {
  if (std::isfinite(value) && value >= 1 && value == std::floor(value) && value <= 1e15) {
    return std::nullopt;
  }
  return std::string(key) + " must be a whole number of at least 1";
}

}  // namespace kosmo::lua
