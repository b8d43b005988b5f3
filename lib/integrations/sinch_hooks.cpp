#include "lib/integrations/sinch_hooks.h"

#include <string>

namespace kosmo::integrations {
namespace {

constexpr const char kNoCall[] = " No external call was made.";

// A seed parameter the real endpoint cannot honour: refused like an invalid argument (same
// code, same closing sentence), so a script learns it before anything is sent.
void refuse(const Function& function, const std::string& reason, lua::CallOutcome& outcome) {
  outcome.ok = false;
  outcome.error_code = ErrorCode::kIntegration;
  outcome.error_message =
      "Cannot honour the arguments of " + function.slug + ": " + reason + "." + kNoCall;
}

bool given(const rapidjson::Value& arguments, const char* name) {
  return arguments.HasMember(name);
}

std::string string_argument(const rapidjson::Value& arguments, const char* name) {
  auto found = arguments.FindMember(name);
  return found != arguments.MemberEnd() && found->value.IsString() ? found->value.GetString() : "";
}

// Sends `name` (a function of the same manifest) with the arguments it declares.
bool forward(HookContext& context, const char* name, const rapidjson::Value& arguments,
             lua::CallOutcome& outcome) {
  const Function* target = required_function(context, name, outcome);
  if (target == nullptr) return false;
  context.perform(*target, arguments_for(*target, arguments), outcome);
  return outcome.ok;
}

void copy_member(rapidjson::Document& into, const rapidjson::Value& from, const char* key) {
  auto found = from.FindMember(key);
  if (found == from.MemberEnd()) return;
  auto& allocator = into.GetAllocator();
  into.AddMember(rapidjson::Value(key, allocator), rapidjson::Value(found->value, allocator),
                 allocator);
}

int64_t count_of(const rapidjson::Value& page) {
  auto found = page.FindMember("count");
  return found != page.MemberEnd() && found->value.IsInt64() ? found->value.GetInt64() : 0;
}

// No direction: Sinch has no list of both, so the same page of each list is fetched and the two
// answers are kept side by side under their own keys; `count` is the total of both.
void list_both_directions(const rapidjson::Value& arguments, HookContext& context,
                          lua::CallOutcome& outcome) {
  if (!forward(context, "list_inbounds", arguments, outcome)) return;
  rapidjson::Document inbounds = std::move(outcome.data);
  const int inbound_attempts = outcome.attempts;
  lua::CallOutcome batches;
  batches.function = outcome.function;
  batches.account = outcome.account;
  batches.operation = outcome.operation;
  outcome = std::move(batches);
  if (!forward(context, "list_batches", arguments, outcome)) return;
  outcome.attempts += inbound_attempts;
  rapidjson::Document merged(rapidjson::kObjectType);
  merged.AddMember("count", count_of(inbounds) + count_of(outcome.data), merged.GetAllocator());
  copy_member(merged, inbounds, "page");
  copy_member(merged, inbounds, "page_size");
  copy_member(merged, inbounds, "inbounds");
  copy_member(merged, outcome.data, "batches");
  outcome.data = std::move(merged);
}

}  // namespace

void sinch_list_messages(const Function& function, const rapidjson::Value& arguments,
                         HookContext& context, lua::CallOutcome& outcome) {
  const std::string direction = string_argument(arguments, "direction");
  if (direction == "mo") {
    if (given(arguments, "from")) {
      return refuse(function,
                    "'from' cannot filter inbound messages (direction \"mo\"): Sinch's GET "
                    "/inbounds filters by recipient ('to') only",
                    outcome);
    }
    forward(context, "list_inbounds", arguments, outcome);
    return;
  }
  if (direction == "mt") {
    if (given(arguments, "to")) {
      return refuse(function,
                    "'to' cannot filter sent messages (direction \"mt\"): Sinch's GET /batches "
                    "filters by sender ('from') only",
                    outcome);
    }
    forward(context, "list_batches", arguments, outcome);
    return;
  }
  if (given(arguments, "to") || given(arguments, "from")) {
    return refuse(function,
                  given(arguments, "to")
                      ? "'to' filters inbound messages only; add direction = \"mo\""
                      : "'from' filters sent messages only; add direction = \"mt\"",
                  outcome);
  }
  list_both_directions(arguments, context, outcome);
}

void sinch_list_phone_numbers(const Function& function, const rapidjson::Value& arguments,
                              HookContext& context, lua::CallOutcome& outcome) {
  auto page = arguments.FindMember("page");
  if (page != arguments.MemberEnd() && !(page->value.IsInt64() && page->value.GetInt64() == 0)) {
    return refuse(function,
                  "'page' other than 0 cannot be honoured: Sinch's Numbers API pages with "
                  "tokens, so pass page_token = <the previous answer's nextPageToken>",
                  outcome);
  }
  forward(context, "list_active_numbers", arguments, outcome);
}

}  // namespace kosmo::integrations
