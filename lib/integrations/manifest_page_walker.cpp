#include "lib/integrations/manifest_page_walker.h"

#include "lib/http/link_header.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <string>

namespace kosmo::integrations {
namespace {

using Json = rapidjson::Value;

// The value at a dotted path ("result.records"), or null when a step is missing.
const Json* at(const Json& root, const std::string& path) {
  const Json* value = &root;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t dot = std::min(path.find('.', start), path.size());
    if (!value->IsObject()) return nullptr;
    const std::string key = path.substr(start, dot - start);
    auto member = value->FindMember(rapidjson::StringRef(key.data(), key.size()));
    if (member == value->MemberEnd()) return nullptr;
    value = &member->value;
    start = dot + 1;
  }
  return value;
}

// Sets the argument at a dotted path, creating (or replacing non-object) parents on the way.
void put(rapidjson::Document& arguments, const std::string& path, Json value) {
  auto& allocator = arguments.GetAllocator();
  Json* object = &arguments;
  size_t start = 0;
  for (;;) {
    const size_t dot = path.find('.', start);
    const std::string key = path.substr(start, dot == std::string::npos ? dot : dot - start);
    auto member = object->FindMember(rapidjson::StringRef(key.data(), key.size()));
    if (dot == std::string::npos) {
      if (member != object->MemberEnd()) {
        member->value = value;
      } else {
        object->AddMember(Json(key.c_str(), allocator), value, allocator);
      }
      return;
    }
    if (member == object->MemberEnd()) {
      object->AddMember(Json(key.c_str(), allocator), Json(rapidjson::kObjectType), allocator);
      member = object->MemberEnd() - 1;
    } else if (!member->value.IsObject()) {
      member->value.SetObject();
    }
    object = &member->value;
    start = dot + 1;
  }
}

// A count or position given as a number or as numeric text (the Wildix PBX counts in text).
std::optional<int64_t> whole_number(const Json* value) {
  if (value == nullptr) return std::nullopt;
  if (value->IsInt64()) return value->GetInt64();
  if (value->IsNumber()) {
    const double number = value->GetDouble();
    if (std::isfinite(number) && number == std::floor(number)) return static_cast<int64_t>(number);
    return std::nullopt;
  }
  if (!value->IsString() || value->GetStringLength() == 0) return std::nullopt;
  const std::string text = value->GetString();
  if (text.find_first_not_of("0123456789") != std::string::npos || text.size() > 18) {
    return std::nullopt;
  }
  return std::stoll(text);
}

class ManifestPageWalker : public lua::PageWalker {
 public:
  explicit ManifestPageWalker(const Function& function)
      : paging_(*function.paging), numeric_position_(is_numeric(function, paging_.position)) {}

  Outcome<lua::PageStep> read(const Json& arguments, const Json& data,
                              std::string_view next_link) override {
    lua::PageStep step;
    size_t longest = 0;
    bool found = false;
    for (const std::string& path : paging_.items) {
      const Json* list = at(data, path);
      if (list == nullptr || !list->IsArray()) continue;
      found = true;
      longest = std::max<size_t>(longest, list->Size());
      for (const Json& item : list->GetArray()) {
        if (seen_before(item)) continue;
        step.items.PushBack(Json(item, step.items.GetAllocator()), step.items.GetAllocator());
      }
    }
    if (!found) {
      return Failure{ErrorCode::kIntegration,
                     "the answer has no '" + paging_.items.front() + "' list to page through"};
    }
    remember_ids(data);
    if (longest == 0 || paging_.style == PagingStyle::kNone) return step;
    const std::optional<int64_t> size =
        whole_number(paging_.size.empty() ? nullptr : at(arguments, paging_.size));
    const int64_t page_size = size.value_or(paging_.default_size);
    const bool short_page = page_size > 0 && static_cast<int64_t>(longest) < page_size;
    return next(arguments, data, next_link, step, short_page, page_size);
  }

 private:
  Outcome<lua::PageStep> next(const Json& arguments, const Json& data, std::string_view next_link,
                              lua::PageStep& step, bool short_page, int64_t page_size) {
    std::optional<Json> position;
    rapidjson::Document scratch;
    const std::optional<int64_t> total =
        whole_number(paging_.total.empty() ? nullptr : at(data, paging_.total));
    const std::optional<int64_t> current = whole_number(at(arguments, paging_.position));
    switch (paging_.style) {
      case PagingStyle::kCursor: {
        const Json* more = paging_.more.empty() ? nullptr : at(data, paging_.more);
        if (more != nullptr && more->IsBool() && !more->GetBool()) return std::move(step);
        const Json* cursor = at(data, paging_.next);
        if (cursor == nullptr || cursor->IsNull() ||
            (cursor->IsString() && cursor->GetStringLength() == 0)) {
          return std::move(step);
        }
        position.emplace(*cursor, scratch.GetAllocator());
        break;
      }
      case PagingStyle::kPageNumber: {
        const int64_t page = current.value_or(paging_.first_page);
        const bool past_total =
            total && page_size > 0 && (page - paging_.first_page + 1) * page_size >= *total;
        if (short_page || past_total) return std::move(step);
        position.emplace(static_cast<int64_t>(page + 1));
        break;
      }
      case PagingStyle::kOffset: {
        const int64_t offset = current.value_or(0) + static_cast<int64_t>(step.items.Size());
        if (short_page || (total && offset >= *total)) return std::move(step);
        position.emplace(offset);
        break;
      }
      case PagingStyle::kUntil: {
        if (short_page) return std::move(step);
        const std::optional<int64_t> oldest = oldest_timestamp(data);
        if (!oldest) {
          return Failure{ErrorCode::kIntegration,
                         "the items carry no '" + paging_.next + "' timestamp to page by"};
        }
        position.emplace(*oldest);
        break;
      }
      case PagingStyle::kLinkHeader: {
        if (next_link.empty()) return std::move(step);
        std::optional<std::string> value = http::query_parameter(next_link, paging_.next);
        if (!value) {
          return Failure{ErrorCode::kIntegration,
                         "the next link has no '" + paging_.next + "' parameter to page by"};
        }
        // The link's text becomes the argument's type: a page number for an integer parameter.
        const Json text(rapidjson::StringRef(value->c_str()));
        const std::optional<int64_t> number = whole_number(&text);
        if (number && numeric_position_) {
          position.emplace(*number);
        } else {
          position.emplace(value->c_str(), scratch.GetAllocator());
        }
        break;
      }
      case PagingStyle::kNone:
        return std::move(step);
    }
    rapidjson::Document following;
    following.CopyFrom(arguments, following.GetAllocator());
    if (!following.IsObject()) following.SetObject();
    put(following, paging_.position, Json(*position, following.GetAllocator()));
    step.next_arguments = std::move(following);
    return std::move(step);
  }

  // The oldest `next` timestamp of the page's items (all lists, duplicates included).
  std::optional<int64_t> oldest_timestamp(const Json& data) const {
    std::optional<int64_t> oldest;
    for (const std::string& path : paging_.items) {
      const Json* list = at(data, path);
      if (list == nullptr || !list->IsArray()) continue;
      for (const Json& item : list->GetArray()) {
        const std::optional<int64_t> stamp = whole_number(at(item, paging_.next));
        if (stamp && (!oldest || *stamp < *oldest)) oldest = stamp;
      }
    }
    return oldest;
  }

  // Timestamp paging asks for items up to the oldest one read, so the items sharing that
  // timestamp come again on the next page: an item whose id the previous page had is skipped.
  bool seen_before(const Json& item) const {
    if (paging_.style != PagingStyle::kUntil || !item.IsObject()) return false;
    const Json* id = at(item, "id");
    return id != nullptr && id->IsString() && previous_ids_.count(id->GetString()) != 0;
  }
  void remember_ids(const Json& data) {
    if (paging_.style != PagingStyle::kUntil) return;
    previous_ids_.clear();
    for (const std::string& path : paging_.items) {
      const Json* list = at(data, path);
      if (list == nullptr || !list->IsArray()) continue;
      for (const Json& item : list->GetArray()) {
        const Json* id = item.IsObject() ? at(item, "id") : nullptr;
        if (id != nullptr && id->IsString()) previous_ids_.insert(id->GetString());
      }
    }
  }

  static bool is_numeric(const Function& function, const std::string& argument) {
    for (const Parameter& parameter : function.parameters) {
      if (parameter.name != argument) continue;
      return parameter.type == ParamType::kInteger || parameter.type == ParamType::kNumber;
    }
    return false;  // a member of an object parameter: sent as the link gave it
  }

  const Paging& paging_;
  const bool numeric_position_;
  std::set<std::string> previous_ids_;
};

}  // namespace

std::unique_ptr<lua::PageWalker> make_page_walker(const Function& function) {
  return std::make_unique<ManifestPageWalker>(function);
}

}  // namespace kosmo::integrations
