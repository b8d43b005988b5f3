#include "lib/integrations/wildix_pbx_translation.h"

#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace kosmo::integrations {
namespace {

using Allocator = rapidjson::Document::AllocatorType;

void fail(lua::CallOutcome& outcome, std::string message) {
  outcome.ok = false;
  outcome.error_message = std::move(message);
  outcome.error_code = ErrorCode::kIntegration;
}

void set(rapidjson::Document& document, const char* key, rapidjson::Value value) {
  document.AddMember(rapidjson::StringRef(key), value, document.GetAllocator());
}

void copy_member(const rapidjson::Value& from, const char* key, rapidjson::Document& to,
                 const char* wire) {
  auto found = from.FindMember(key);
  if (found == from.MemberEnd()) return;
  to.AddMember(rapidjson::StringRef(wire), rapidjson::Value(found->value, to.GetAllocator()),
               to.GetAllocator());
}

// The binder has applied the manifest's defaults (limit 25, page 1) and minimums (1), so both
// are present and positive here.
int64_t integer(const rapidjson::Value& arguments, const char* name) {
  const rapidjson::Value& value = arguments[name];
  return value.IsInt64() ? value.GetInt64() : static_cast<int64_t>(value.GetDouble());
}

// The seed pages by page number and size; the PBX by offset (start) and size (count).
std::optional<std::string> page_to_offset(const rapidjson::Value& seed,
                                          rapidjson::Document& target) {
  const int64_t limit = integer(seed, "limit");
  const int64_t page = integer(seed, "page");
  if (page - 1 > std::numeric_limits<int32_t>::max() / limit) {
    return "page " + std::to_string(page) + " of " + std::to_string(limit) +
           " records starts past any call history or directory the PBX can hold; ask for an "
           "earlier page. No external call was made.";
  }
  set(target, "start", rapidjson::Value(static_cast<int64_t>((page - 1) * limit)));
  set(target, "count", rapidjson::Value(limit));
  return std::nullopt;
}

bool is_bare_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

// list_calls: date_from/date_to become the range filter on the call's start time. The PBX
// compares "YYYY-MM-DD HH:MM:SS" times, so a bare end date is extended to the end of that day,
// as "calls up to 2026-01-31" means.
std::optional<std::string> calls_page(const rapidjson::Value& seed, rapidjson::Document& target) {
  if (auto problem = page_to_offset(seed, target)) return problem;
  copy_member(seed, "date_from", target, "filter_start_from");
  auto to = seed.FindMember("date_to");
  if (to != seed.MemberEnd() && to->value.IsString()) {
    std::string end(to->value.GetString(), to->value.GetStringLength());
    if (is_bare_date(end)) end += " 23:59:59";
    set(target, "filter_start_to", rapidjson::Value(end.c_str(), target.GetAllocator()));
  }
  return std::nullopt;
}

// get_call: the call history filtered on the record's id (the PBX has no single-record route).
std::optional<std::string> call_by_id(const rapidjson::Value& seed, rapidjson::Document& target) {
  copy_member(seed, "id", target, "filter_id");
  set(target, "count", rapidjson::Value(1));
  return std::nullopt;
}

std::optional<std::string> same_id(const rapidjson::Value& seed, rapidjson::Document& target) {
  copy_member(seed, "id", target, "id");
  return std::nullopt;
}

std::optional<std::string> nothing(const rapidjson::Value&, rapidjson::Document&) {
  return std::nullopt;
}

// Adds `alias` next to the PBX's own `field`, so a record has both names (the PBX's fields are
// kept: they are what its documentation describes).
void alias(rapidjson::Value& record, const char* field, const char* alias, Allocator& allocator) {
  auto found = record.FindMember(field);
  if (found == record.MemberEnd() || record.HasMember(alias)) return;
  rapidjson::Value copy(found->value, allocator);
  record.AddMember(rapidjson::StringRef(alias), copy, allocator);
}

// A call history record under the seed's names too: from, to and status (the disposition:
// ANSWERED, NO ANSWER, BUSY, FAILED). duration and id are the PBX's own.
void call_record(rapidjson::Value& record, Allocator& allocator) {
  alias(record, "from_number", "from", allocator);
  alias(record, "to_number", "to", allocator);
  alias(record, "disposition", "status", allocator);
}

// A colleague as the seed's extension: number is the extension, user_name the colleague's name.
void extension_record(rapidjson::Value& record, Allocator& allocator) {
  alias(record, "extension", "number", allocator);
  alias(record, "name", "user_name", allocator);
}

// Colleagues and personal info already carry the seed's id, name, email and extension.
void as_is(rapidjson::Value&, Allocator&) {}

enum class Answer {
  kPage,         // {<list_key>: records, total, page, limit}
  kFirstRecord,  // the one record of a filtered list; none is an error
  kRecord,       // the result object itself
};

struct SeedRoute {
  std::string_view seed;    // the seed function's short name
  std::string_view target;  // the PBX function that serves it (maybe hidden)
  std::optional<std::string> (*translate)(const rapidjson::Value& seed, rapidjson::Document&);
  Answer answer;
  const char* list_key;  // kPage only
  void (*shape)(rapidjson::Value& record, Allocator& allocator);
};

constexpr SeedRoute kRoutes[] = {
    {"list_calls", "call_history", calls_page, Answer::kPage, "calls", call_record},
    {"get_call", "call_history", call_by_id, Answer::kFirstRecord, nullptr, call_record},
    {"list_extensions", "get_pbx_colleagues", page_to_offset, Answer::kPage, "extensions",
     extension_record},
    {"get_extension", "get_colleague_by_id", same_id, Answer::kRecord, nullptr, extension_record},
    {"list_users", "get_pbx_colleagues", page_to_offset, Answer::kPage, "users", as_is},
    {"get_current_user", "get_personal_info", nothing, Answer::kRecord, nullptr, as_is},
};

const SeedRoute* route_of(std::string_view name) {
  for (const SeedRoute& route : kRoutes) {
    if (route.seed == name) return &route;
  }
  return nullptr;
}

// The PBX counts as text ("total": "2289"); the seed's callers add and compare numbers.
rapidjson::Value total_of(const rapidjson::Value& result, Allocator& allocator) {
  auto found = result.FindMember("total");
  if (found == result.MemberEnd()) return rapidjson::Value(rapidjson::kNullType);
  if (found->value.IsString()) {
    const char* text = found->value.GetString();
    char* end = nullptr;
    const long long number = std::strtoll(text, &end, 10);
    if (end != text && *end == '\0') return rapidjson::Value(static_cast<int64_t>(number));
  }
  return rapidjson::Value(found->value, allocator);
}

// Makes `value` (allocated with the document's allocator) the document's root.
void replace_root(rapidjson::Document& document, rapidjson::Value& value) {
  static_cast<rapidjson::Value&>(document).Swap(value);
}

// Reshapes outcome.data = {"type": "result", "result": ...} into the seed's answer. A body of
// another shape (a proxy's text, an empty answer) is left as the PBX sent it.
void answer_as_seed(const SeedRoute& route, const rapidjson::Value& seed,
                    const std::string& seed_id, lua::CallOutcome& outcome) {
  rapidjson::Document& data = outcome.data;
  auto& allocator = data.GetAllocator();
  if (!data.IsObject()) return;
  auto wrapped = data.FindMember("result");
  if (wrapped == data.MemberEnd() || !wrapped->value.IsObject()) return;
  rapidjson::Value result(wrapped->value, allocator);
  if (route.answer == Answer::kRecord) {
    route.shape(result, allocator);
    replace_root(data, result);
    return;
  }
  rapidjson::Value records(rapidjson::kArrayType);
  auto listed = result.FindMember("records");
  if (listed != result.MemberEnd() && listed->value.IsArray()) records = listed->value;
  for (auto& record : records.GetArray()) {
    if (record.IsObject()) route.shape(record, allocator);
  }
  if (route.answer == Answer::kFirstRecord) {
    if (records.Empty() || !records[0].IsObject()) {
      fail(outcome, "Wildix call record '" + seed_id + "' not found in the PBX's call history.");
      return;
    }
    rapidjson::Value first(records[0], allocator);
    replace_root(data, first);
    return;
  }
  rapidjson::Value page(rapidjson::kObjectType);
  page.AddMember(rapidjson::StringRef(route.list_key), records, allocator);
  page.AddMember("total", total_of(result, allocator), allocator);
  page.AddMember("page", rapidjson::Value(seed["page"], allocator), allocator);
  page.AddMember("limit", rapidjson::Value(seed["limit"], allocator), allocator);
  replace_root(data, page);
}

}  // namespace

void wildix_pbx_translation(const Function& function, const rapidjson::Value& arguments,
                          HookContext& context, lua::CallOutcome& outcome) {
  const SeedRoute* route = route_of(function.name);
  const Function* target =
      route == nullptr ? nullptr : context.catalog.function(context.manifest, route->target, true);
  if (target == nullptr) {
    fail(outcome, function.slug + ": the wildix manifest lacks the PBX function it is sent as.");
    return;
  }
  rapidjson::Document forwarded(rapidjson::kObjectType);
  if (auto problem = route->translate(arguments, forwarded)) {
    fail(outcome, "Invalid arguments for app.integrations.wildix." + function.name + ": " +
                      *problem);
    return;
  }
  context.perform(*target, forwarded, outcome);
  if (!outcome.ok || outcome.dry_run) return;
  auto id = arguments.FindMember("id");
  const std::string seed_id =
      id != arguments.MemberEnd() && id->value.IsString() ? id->value.GetString() : "";
  answer_as_seed(*route, arguments, seed_id, outcome);
}

}  // namespace kosmo::integrations
