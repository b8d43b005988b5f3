#pragma once
// Missive's two functions whose seed arguments need translating before the generic engine can
// send them (function_hooks.cpp registers them): the conversation list's mailbox filter and the
// task's due date. Each forwards to its own function once translated, so the manifest's
// parameter table still decides what goes on the wire.
#include <rapidjson/document.h>

#include <optional>
#include <string_view>

#include "lib/integrations/function_hooks.h"

namespace kosmo::integrations {

// list_conversations: Missive answers 400 unless one mailbox is named, so `state` becomes its
// mailbox (open -> inbox, closed -> closed, spam -> junked), an `inbox` that is an ID becomes
// team_inbox (the only inboxes Missive addresses by ID), and with no mailbox at all the Inbox
// is listed (inbox=true), as the seed's `state = "open"` example implies.
void missive_list_conversations(const Function& function, const rapidjson::Value& arguments,
                                HookContext& context, lua::CallOutcome& outcome);

// create_task: Missive takes the due date as due_at in Unix seconds; the seed's due_date is an
// ISO 8601 date ("2025-12-31", 00:00 UTC) or date-time ("2025-12-31T17:00:00+02:00").
void missive_create_task(const Function& function, const rapidjson::Value& arguments,
                         HookContext& context, lua::CallOutcome& outcome);

// Unix seconds of an ISO 8601 date or date-time, or nothing when `text` is not one. Exposed for
// its unit test.
std::optional<long long> iso8601_to_unix_seconds(std::string_view text);

}  // namespace kosmo::integrations
