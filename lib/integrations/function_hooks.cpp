#include "lib/integrations/function_hooks.h"

#include <string_view>

#include "lib/integrations/missive_hooks.h"

namespace kosmo::integrations {
namespace {

void fail(lua::CallOutcome& outcome, std::string message) {
  outcome.ok = false;
  outcome.error_message = std::move(message);
  outcome.error_code = ErrorCode::kIntegration;
}

// The arguments `function` declares, out of `arguments`.
rapidjson::Document arguments_for(const Function& function, const rapidjson::Value& arguments) {
  rapidjson::Document selected(rapidjson::kObjectType);
  auto& allocator = selected.GetAllocator();
  for (const Parameter& parameter : function.parameters) {
    auto found = arguments.FindMember(parameter.name.c_str());
    if (found == arguments.MemberEnd()) continue;
    selected.AddMember(rapidjson::Value(parameter.name.c_str(), allocator),
                       rapidjson::Value(found->value, allocator), allocator);
  }
  return selected;
}

const Function* required_function(HookContext& context, std::string_view name,
                                  lua::CallOutcome& outcome) {
  const Function* function = context.catalog.function(context.manifest, name, true);
  if (function == nullptr) {
    fail(outcome, context.manifest.name + " manifest lacks the function '" + std::string(name) +
                      "' its hook needs.");
  }
  return function;
}

// Agora start_recording accepts the seed's legacy arguments and the Cloud Recording ones
// (reference §4.C): with resource_id and mode it starts a cloud recording; with mode but no
// resource_id it first acquires a resource and then starts with it; otherwise it is the legacy
// POST /recordings/start.
void agora_start_recording(const Function& function, const rapidjson::Value& arguments,
                           HookContext& context, lua::CallOutcome& outcome) {
  if (!arguments.HasMember("mode")) {
    context.perform(function, arguments, outcome);
    return;
  }
  const Function* start = required_function(context, "cloud_start_recording", outcome);
  if (start == nullptr) return;
  rapidjson::Document start_arguments = arguments_for(*start, arguments);
  if (!arguments.HasMember("resource_id")) {
    const Function* acquire = required_function(context, "acquire_recording_resource", outcome);
    if (acquire == nullptr) return;
    context.perform(*acquire, arguments_for(*acquire, arguments), outcome);
    if (!outcome.ok || outcome.dry_run) return;
    auto resource = outcome.data.FindMember("resourceId");
    if (resource == outcome.data.MemberEnd() || !resource->value.IsString()) {
      fail(outcome, "Agora acquire returned no resourceId; the recording was not started.");
      return;
    }
    auto& allocator = start_arguments.GetAllocator();
    start_arguments.AddMember("resource_id", rapidjson::Value(resource->value, allocator),
                              allocator);
    // The call log shows the one start_recording call the script made.
    lua::CallOutcome started;
    started.function = outcome.function;
    started.account = outcome.account;
    started.operation = outcome.operation;
    outcome = std::move(started);
  }
  context.perform(*start, start_arguments, outcome);
}

void unsupported(const Function& function, const rapidjson::Value&, HookContext&,
                 lua::CallOutcome& outcome) {
  fail(outcome, function.hook_message.empty() ? function.slug + " is not supported."
                                              : function.hook_message);
}

using Hook = void (*)(const Function& function, const rapidjson::Value& arguments,
                      HookContext& context, lua::CallOutcome& outcome);

struct HookEntry {
  std::string_view name;  // what a manifest function writes in "hook"
  Hook run;
};

// Every hook there is (Lua's linit.c style): run_hook dispatches through this table and the
// manifest parser checks names against it, so the two cannot disagree.
constexpr HookEntry kHooks[] = {
    {"unsupported", unsupported},
    {"agora_start_recording", agora_start_recording},
    {"missive_list_conversations", missive_list_conversations},
    {"missive_create_task", missive_create_task},
};

const HookEntry* find_hook(std::string_view name) {
  for (const HookEntry& entry : kHooks) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

}  // namespace

bool run_hook(const Function& function, const rapidjson::Value& arguments, HookContext& context,
              lua::CallOutcome& outcome) {
  if (function.hook.empty()) return false;
  if (const HookEntry* entry = find_hook(function.hook)) {
    entry->run(function, arguments, context, outcome);
  } else {
    fail(outcome, function.slug + " names an unknown hook '" + function.hook + "'.");
  }
  return true;
}

bool is_registered_hook(std::string_view name) { return find_hook(name) != nullptr; }

std::vector<std::string_view> registered_hook_names() {
  std::vector<std::string_view> names;
  for (const HookEntry& entry : kHooks) names.push_back(entry.name);
  return names;
}

}  // namespace kosmo::integrations
