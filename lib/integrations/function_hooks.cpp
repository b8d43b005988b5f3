#include "lib/integrations/function_hooks.h"

#include <string_view>

#include "lib/integrations/missive_hooks.h"
#include "lib/integrations/sinch_hooks.h"
#include "lib/integrations/wildix_pbx_translation.h"

namespace kosmo::integrations {
namespace {

void fail(lua::CallOutcome& outcome, std::string message) {
  outcome.ok = false;
  outcome.error_message = std::move(message);
  outcome.error_code = ErrorCode::kIntegration;
}

// Agora start_recording (reference §4.C): the seed's call gives no mode, Cloud Recording needs
// one, so the manifest defaults it to mix. With resource_id it starts at once; without, it first
// acquires a resource and then starts with it.
void agora_start_recording(const Function&, const rapidjson::Value& arguments, HookContext& context,
                           lua::CallOutcome& outcome) {
  const Function* start = required_function(context, "cloud_start_recording", outcome);
  if (start == nullptr) return;
  rapidjson::Document start_arguments = arguments_for(*start, arguments);
  if (!arguments.HasMember("resource_id")) {
    const Function* acquire = required_function(context, "acquire_recording_resource", outcome);
    if (acquire == nullptr) return;
    rapidjson::Document acquire_arguments = arguments_for(*acquire, arguments);
    // client_request holds the start's clientRequest (storageConfig, ...): Agora's acquire
    // takes other fields, so it is not forwarded.
    acquire_arguments.RemoveMember("client_request");
    // Agora's web page recording needs an acquire with scene 1 (Cloud Recording acquire docs).
    auto mode = arguments.FindMember("mode");
    if (!acquire_arguments.HasMember("scene") && mode != arguments.MemberEnd() &&
        mode->value.IsString() && std::string_view(mode->value.GetString()) == "web") {
      acquire_arguments.AddMember("scene", 1, acquire_arguments.GetAllocator());
    }
    context.perform(*acquire, acquire_arguments, outcome);
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

// Agora's Console API calls a project's App ID vendor_key; the seed's functions read app_id.
// Both stay, so Agora's own answer is never hidden.
void add_app_id(rapidjson::Value& project, rapidjson::Document::AllocatorType& allocator) {
  if (!project.IsObject() || project.HasMember("app_id")) return;
  auto vendor_key = project.FindMember("vendor_key");
  if (vendor_key == project.MemberEnd()) return;
  rapidjson::Value app_id(vendor_key->value, allocator);
  project.AddMember("app_id", app_id, allocator);
}

// list_projects: Agora answers {"projects": [...]}; the seed's examples loop over result.data.
void agora_project_list(const Function& function, const rapidjson::Value& arguments,
                        HookContext& context, lua::CallOutcome& outcome) {
  context.perform(function, arguments, outcome);
  if (!outcome.ok || outcome.dry_run || !outcome.data.IsObject()) return;
  auto& allocator = outcome.data.GetAllocator();
  auto projects = outcome.data.FindMember("projects");
  if (projects == outcome.data.MemberEnd() || !projects->value.IsArray()) return;
  for (auto& project : projects->value.GetArray()) add_app_id(project, allocator);
  if (outcome.data.HasMember("data")) return;
  rapidjson::Value data(projects->value, allocator);
  outcome.data.AddMember("data", data, allocator);
}

// get_project and create_project: Agora answers {"projects": [one]} to a lookup and
// {"project": {...}} to a creation; the seed reads the project at the top level. Agora's project
// API has no recording settings, so create_project's recording_config is refused, not dropped.
void agora_project(const Function& function, const rapidjson::Value& arguments,
                   HookContext& context, lua::CallOutcome& outcome) {
  if (arguments.HasMember("recording_config")) {
    fail(outcome, context.manifest.name + "." + function.name +
                      " cannot send recording_config: Agora's project API (POST /dev/v1/project) "
                      "takes only name and enable_sign_key. Give recording settings to "
                      "start_recording (recording_config). No external call was made.");
    return;
  }
  context.perform(function, arguments, outcome);
  if (!outcome.ok || outcome.dry_run || !outcome.data.IsObject()) return;
  const rapidjson::Value* project = nullptr;
  auto single = outcome.data.FindMember("project");
  auto list = outcome.data.FindMember("projects");
  if (single != outcome.data.MemberEnd() && single->value.IsObject()) {
    project = &single->value;
  } else if (list != outcome.data.MemberEnd() && list->value.IsArray() && !list->value.Empty() &&
             list->value[0].IsObject()) {
    project = &list->value[0];
  }
  if (project == nullptr) {
    fail(outcome, "Agora answered without a project; nothing to return.");
    return;
  }
  rapidjson::Document result;
  result.CopyFrom(*project, result.GetAllocator());
  add_app_id(result, result.GetAllocator());
  outcome.data.Swap(result);
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
    {"agora_project_list", agora_project_list},
    {"agora_project", agora_project},
    {"missive_list_conversations", missive_list_conversations},
    {"missive_create_task", missive_create_task},
    {"sinch_list_messages", sinch_list_messages},
    {"sinch_list_phone_numbers", sinch_list_phone_numbers},
    {"wildix_pbx_translation", wildix_pbx_translation},
};

const HookEntry* find_hook(std::string_view name) {
  for (const HookEntry& entry : kHooks) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

}  // namespace

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
