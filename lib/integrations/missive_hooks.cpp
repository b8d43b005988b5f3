#include "lib/integrations/missive_hooks.h"

#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>

namespace kosmo::integrations {
namespace {

constexpr const char kNoCall[] = " No external call was made.";

// Missive's mailbox filters (GET /conversations): one of them must be given. The first nine
// are flags (true), the last four name a shared label or a team.
constexpr std::array<std::string_view, 9> kMailboxFlags = {
    "inbox", "all", "assigned", "closed", "snoozed", "flagged", "trashed", "junked", "drafts"};
constexpr std::array<std::string_view, 4> kMailboxIds = {"shared_label", "team_inbox",
                                                         "team_closed", "team_all"};

// The seed's conversation states, as the mailbox that lists them.
const char* mailbox_of_state(std::string_view state) {
  if (state == "closed") return "closed";
  if (state == "spam") return "junked";
  return "inbox";  // "open": what is still in the Inbox
}

void refuse(const Function& function, const HookContext& context, const std::string& problem,
            lua::CallOutcome& outcome) {
  outcome.ok = false;
  outcome.error_code = ErrorCode::kIntegration;
  outcome.error_message = "Invalid arguments for app.integrations." + context.manifest.name + "." +
                          function.name + " (" + problem + ")." + kNoCall;
}

void set_value(rapidjson::Document& doc, std::string_view key, rapidjson::Value value) {
  auto& allocator = doc.GetAllocator();
  rapidjson::Value name(key.data(), static_cast<rapidjson::SizeType>(key.size()), allocator);
  doc.RemoveMember(name);
  doc.AddMember(name, value, allocator);
}

// Names `mailbox` as the one to list: inbox is a string parameter (it also takes an ID), the
// other flags are booleans; both travel as mailbox=true.
void choose_mailbox(rapidjson::Document& arguments, std::string_view mailbox) {
  set_value(arguments, mailbox,
            mailbox == "inbox" ? rapidjson::Value("true") : rapidjson::Value(true));
}

bool has_mailbox(const rapidjson::Document& arguments) {
  for (std::string_view flag : kMailboxFlags) {
    auto found = arguments.FindMember(rapidjson::StringRef(flag.data(), flag.size()));
    if (found != arguments.MemberEnd()) return true;
  }
  for (std::string_view id : kMailboxIds) {
    if (arguments.HasMember(rapidjson::StringRef(id.data(), id.size()))) return true;
  }
  return false;
}

// A flag given as false says "not this mailbox", which is what leaving it out says; Missive
// only reads flags that are true, so false ones are not sent (and do not count as a mailbox).
void drop_false_flags(rapidjson::Document& arguments) {
  for (std::string_view flag : kMailboxFlags) {
    auto found = arguments.FindMember(rapidjson::StringRef(flag.data(), flag.size()));
    if (found != arguments.MemberEnd() && found->value.IsBool() && !found->value.GetBool()) {
      arguments.RemoveMember(found);
    }
  }
}

// Reads exactly `digits` digits at `at`, advancing it.
std::optional<int> read_number(std::string_view text, size_t& at, size_t digits) {
  if (at + digits > text.size()) return std::nullopt;
  int value = 0;
  for (size_t i = 0; i < digits; ++i) {
    const char c = text[at + i];
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  at += digits;
  return value;
}

bool expect(std::string_view text, size_t& at, char wanted) {
  if (at >= text.size() || text[at] != wanted) return false;
  ++at;
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
long long days_from_civil(long long year, unsigned month, unsigned day) {
  year -= month <= 2;
  const long long era = (year >= 0 ? year : year - 399) / 400;
  const unsigned year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<long long>(day_of_era) - 719468;
}

bool valid_date(int year, int month, int day) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

// The zone suffix of a date-time: Z, +HH:MM, +HHMM or nothing (UTC), as seconds east of UTC.
std::optional<long long> read_zone(std::string_view text, size_t& at) {
  if (at == text.size()) return 0;
  if (text[at] == 'Z' || text[at] == 'z')
    return ++at == text.size() ? std::optional(0LL) : std::nullopt;
  if (text[at] != '+' && text[at] != '-') return std::nullopt;
  const int sign = text[at++] == '-' ? -1 : 1;
  const auto hours = read_number(text, at, 2);
  if (!hours) return std::nullopt;
  expect(text, at, ':');
  const auto minutes = read_number(text, at, 2);
  if (!minutes || *hours > 23 || *minutes > 59 || at != text.size()) return std::nullopt;
  return sign * (*hours * 3600LL + *minutes * 60LL);
}

}  // namespace

std::optional<long long> iso8601_to_unix_seconds(std::string_view text) {
  size_t at = 0;
  const auto year = read_number(text, at, 4);
  if (!year || !expect(text, at, '-')) return std::nullopt;
  const auto month = read_number(text, at, 2);
  if (!month || !expect(text, at, '-')) return std::nullopt;
  const auto day = read_number(text, at, 2);
  if (!day || !valid_date(*year, *month, *day)) return std::nullopt;
  const long long midnight =
      days_from_civil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day)) * 86400;
  if (at == text.size()) return midnight;
  if (text[at] != 'T' && text[at] != 't' && text[at] != ' ') return std::nullopt;
  ++at;
  const auto hour = read_number(text, at, 2);
  if (!hour || !expect(text, at, ':')) return std::nullopt;
  const auto minute = read_number(text, at, 2);
  if (!minute) return std::nullopt;
  int second = 0;
  if (expect(text, at, ':')) {
    const auto read = read_number(text, at, 2);
    if (!read) return std::nullopt;
    second = *read;
    if (expect(text, at, '.')) {  // fractions of a second: Missive counts whole seconds
      while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) ++at;
    }
  }
  if (*hour > 23 || *minute > 59 || second > 60) return std::nullopt;
  const auto zone = read_zone(text, at);
  if (!zone) return std::nullopt;
  return midnight + *hour * 3600LL + *minute * 60LL + second - *zone;
}

void missive_list_conversations(const Function& function, const rapidjson::Value& arguments,
                                HookContext& context, lua::CallOutcome& outcome) {
  rapidjson::Document forwarded(rapidjson::kObjectType);
  forwarded.CopyFrom(arguments, forwarded.GetAllocator());
  auto& allocator = forwarded.GetAllocator();
  auto inbox = forwarded.FindMember("inbox");
  const std::string_view inbox_text =
      inbox != forwarded.MemberEnd() && inbox->value.IsString() ? inbox->value.GetString() : "";
  if (inbox_text == "false") {  // as a false flag: not the Inbox, which is what omitting says
    forwarded.RemoveMember(inbox);
  } else if (!inbox_text.empty() && inbox_text != "true") {
    if (forwarded.HasMember("team_inbox")) {
      refuse(function, context, "inbox: an inbox ID is sent as team_inbox, which is given too",
             outcome);
      return;
    }
    rapidjson::Value team(inbox->value, allocator);
    forwarded.RemoveMember(inbox);
    set_value(forwarded, "team_inbox", std::move(team));
  }
  drop_false_flags(forwarded);
  auto state = forwarded.FindMember("state");
  if (state != forwarded.MemberEnd()) {
    const char* mailbox = mailbox_of_state(state->value.GetString());
    forwarded.RemoveMember(state);
    choose_mailbox(forwarded, mailbox);
  }
  if (!has_mailbox(forwarded)) choose_mailbox(forwarded, "inbox");
  context.perform(function, forwarded, outcome);
}

void missive_create_task(const Function& function, const rapidjson::Value& arguments,
                         HookContext& context, lua::CallOutcome& outcome) {
  auto assignees = arguments.FindMember("assignee");
  if (assignees != arguments.MemberEnd() && assignees->value.IsArray()) {
    for (const auto& assignee : assignees->value.GetArray()) {
      if (assignee.IsString() &&
          std::string_view(assignee.GetString()).find('@') != std::string_view::npos) {
        refuse(function, context,
               std::string("invalid: assignee (Missive assigns by user ID, not by email: "
                           "list_users gives the id of ") +
                   assignee.GetString() + ")",
               outcome);
        return;
      }
    }
  }
  auto due_date = arguments.FindMember("due_date");
  if (due_date == arguments.MemberEnd()) {
    context.perform(function, arguments, outcome);
    return;
  }
  if (arguments.HasMember("due_at")) {
    refuse(function, context, "due_date, due_at: give one due date, not both", outcome);
    return;
  }
  const std::string_view text(due_date->value.GetString(), due_date->value.GetStringLength());
  const std::optional<long long> seconds = iso8601_to_unix_seconds(text);
  if (!seconds) {
    refuse(function, context,
           "invalid: due_date (an ISO 8601 date such as 2025-12-31 or date-time such as "
           "2025-12-31T17:00:00+02:00)",
           outcome);
    return;
  }
  rapidjson::Document forwarded(rapidjson::kObjectType);
  forwarded.CopyFrom(arguments, forwarded.GetAllocator());
  forwarded.RemoveMember("due_date");
  set_value(forwarded, "due_at", rapidjson::Value(static_cast<int64_t>(*seconds)));
  context.perform(function, forwarded, outcome);
}

}  // namespace kosmo::integrations
