// The `list_items` fault: a list endpoint that holds N items instead of its one canned item, paged
// as the vendor pages (so a paging walk is tested against several real pages). The route answers
// first, with its own strict checks of the query; a success is then rebuilt from its first item,
// numbered 1..N (ids suffixed "-<i>", timestamps one second older each), and cut to the page the
// query asks for:
//   Sinch SMS        page (from 0), page_size (30)       {count, page, page_size, <list>}
//   Sinch Numbers    pageToken "next-<offset>", pageSize (100)   {activeNumbers, nextPageToken, totalSize}
//   Anthropic        after_id, limit (20)                {data, has_more, first_id, last_id}
//   Missive          offset, limit (50); or until, limit (25): the items at or before `until`
//                    (inclusive, so the oldest item of a page comes again on the next one)
//   Wildix PBX       start, count (100)                  {type, result: {total: "<n>", records}}
#include <algorithm>
#include <string>

#include "fakes/fake_sinch_numbers_routes.h"
#include "fakes/fake_vendor_routes.h"

namespace kosmo::fakes {
namespace {

using Json = rapidjson::Value;

long long number_param(const std::multimap<std::string, std::string>& query, const std::string& name,
                       long long fallback) {
  auto found = query.find(name);
  if (found == query.end()) return fallback;
  try {
    return std::stoll(found->second);
  } catch (const std::exception&) {
    return fallback;
  }
}

std::string text_param(const std::multimap<std::string, std::string>& query,
                       const std::string& name) {
  auto found = query.find(name);
  return found == query.end() ? "" : found->second;
}

// The timestamp field Missive pages a list by, or null for its offset lists.
const char* missive_stamp(const std::string& path) {
  if (path.find("/conversations/") != std::string::npos) {
    if (path.size() >= 9 && path.compare(path.size() - 9, 9, "/messages") == 0) {
      return "delivered_at";
    }
    return "created_at";  // comments, drafts, posts
  }
  if (path.size() >= 14 && path.compare(path.size() - 14, 14, "/conversations") == 0) {
    return "last_activity_at";
  }
  if (path.size() >= 6 && path.compare(path.size() - 6, 6, "/tasks") == 0) {
    return "last_activity_at";
  }
  return nullptr;
}

// `count` copies of `item`, numbered; `stamp` (when set) goes down one second per item.
Json numbered(const Json& item, size_t count, const char* stamp, rapidjson::Document& doc) {
  auto& allocator = doc.GetAllocator();
  Json list(rapidjson::kArrayType);
  for (size_t i = 1; i <= count; ++i) {
    Json copy(item, allocator);
    if (copy.IsObject() && copy.HasMember("id") && copy["id"].IsString()) {
      const std::string id = std::string(copy["id"].GetString()) + "-" + std::to_string(i);
      copy["id"].SetString(id.c_str(), allocator);
    }
    if (stamp != nullptr && copy.IsObject()) {
      const int64_t base = copy.HasMember(stamp) && copy[stamp].IsInt64()
                               ? copy[stamp].GetInt64()
                               : int64_t{1717430400};
      if (copy.HasMember(stamp)) copy.RemoveMember(stamp);
      copy.AddMember(Json(stamp, allocator), Json(base - static_cast<int64_t>(i)), allocator);
    }
    list.PushBack(copy, allocator);
  }
  return list;
}

// The items [first, first + size) of `all`.
Json slice(const Json& all, long long first, long long size, rapidjson::Document& doc) {
  Json page(rapidjson::kArrayType);
  for (long long i = std::max(0LL, first); i < first + size && i < static_cast<long long>(all.Size());
       ++i) {
    page.PushBack(Json(all[static_cast<rapidjson::SizeType>(i)], doc.GetAllocator()),
                  doc.GetAllocator());
  }
  return page;
}

// The array member of `object` (the first one), or null.
Json* list_member(Json& object, std::string& key) {
  if (!object.IsObject()) return nullptr;
  for (auto member = object.MemberBegin(); member != object.MemberEnd(); ++member) {
    if (member->value.IsArray() && !member->value.Empty()) {
      key = member->name.GetString();
      return &member->value;
    }
  }
  return nullptr;
}

void set_int(rapidjson::Document& doc, Json& object, const char* key, int64_t value) {
  set_member(doc, object, key, Json(value));
}

void page_sinch(rapidjson::Document& doc, Json& list, const Query& query, size_t items) {
  const long long page = number_param(query, "page", 0);
  const long long size = number_param(query, "page_size", 30);
  Json all = numbered(list[0], items, nullptr, doc);
  list = slice(all, page * size, size, doc);
  set_int(doc, doc, "count", static_cast<int64_t>(items));
}

void page_sinch_numbers(rapidjson::Document& doc, Json& list, const Query& query, size_t items) {
  const std::string token = text_param(query, "pageToken");
  const long long offset = token.empty() ? 0 : std::stoll(token.substr(5));  // "next-<n>"
  const long long size = number_param(query, "pageSize", 100);
  Json all = numbered(list[0], items, nullptr, doc);
  list = slice(all, offset, size, doc);
  const bool more = offset + size < static_cast<long long>(items);
  set_string(doc, doc, "nextPageToken", more ? "next-" + std::to_string(offset + size) : "");
  set_int(doc, doc, "totalSize", static_cast<int64_t>(items));
}

void page_anthropic(rapidjson::Document& doc, Json& list, const Query& query, size_t items) {
  const long long size = number_param(query, "limit", 20);
  Json all = numbered(list[0], items, nullptr, doc);
  long long first = 0;
  const std::string after = text_param(query, "after_id");
  for (rapidjson::SizeType i = 0; i < all.Size() && !after.empty(); ++i) {
    if (after == all[i]["id"].GetString()) first = i + 1;
  }
  list = slice(all, first, size, doc);
  set_member(doc, doc, "has_more", Json(first + size < static_cast<long long>(items)));
  if (!list.Empty()) {
    set_string(doc, doc, "first_id", list[0]["id"].GetString());
    set_string(doc, doc, "last_id", list[list.Size() - 1]["id"].GetString());
  }
}

void page_missive(rapidjson::Document& doc, Json& list, const std::string& path, const Query& query,
                  size_t items) {
  const char* stamp = missive_stamp(path);
  Json all = numbered(list[0], items, stamp, doc);
  if (stamp == nullptr) {
    list = slice(all, number_param(query, "offset", 0), number_param(query, "limit", 50), doc);
    return;
  }
  const long long until = number_param(query, "until", INT64_MAX);
  long long first = 0;
  while (first < static_cast<long long>(all.Size()) &&
         all[static_cast<rapidjson::SizeType>(first)][stamp].GetInt64() > until) {
    ++first;
  }
  list = slice(all, first, number_param(query, "limit", 25), doc);
}

void page_wildix(rapidjson::Document& doc, const Query& query, size_t items) {
  if (!doc.HasMember("result") || !doc["result"].IsObject()) return;
  Json& result = doc["result"];
  if (!result.HasMember("records") || !result["records"].IsArray() || result["records"].Empty()) {
    return;
  }
  Json all = numbered(result["records"][0], items, nullptr, doc);
  result["records"] =
      slice(all, number_param(query, "start", 0), number_param(query, "count", 100), doc);
  set_string(doc, result, "total", std::to_string(items));
}

}  // namespace

void page_list(const std::string& path, const Query& query, size_t items, Reply& reply) {
  if (reply.status != 200) return;
  rapidjson::Document doc;
  doc.Parse(reply.body.c_str());
  if (doc.HasParseError() || !doc.IsObject()) return;
  const Vendor vendor = vendor_for_path(path);
  std::string key;
  if (vendor == Vendor::kWildix) {
    page_wildix(doc, query, items);
  } else if (Json* list = list_member(doc, key)) {
    if (path.rfind(kSinchNumbersPrefix, 0) == 0) {
      page_sinch_numbers(doc, *list, query, items);
    } else if (vendor == Vendor::kSinch) {
      page_sinch(doc, *list, query, items);
    } else if (vendor == Vendor::kMissive) {
      page_missive(doc, *list, path, query, items);
    } else if (vendor == Vendor::kAnthropic) {
      page_anthropic(doc, *list, query, items);
    }
  }
  reply.body = to_json_text(doc);
}

}  // namespace kosmo::fakes
