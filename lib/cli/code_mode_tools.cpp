#include "lib/cli/code_mode_tools.h"

#include <rapidjson/error/en.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>

#include "lib/cli/lua_run.h"
#include "lib/cli/run_report.h"
#include "lib/lua/call_log.h"
#include "lib/lua/doc_registry.h"

namespace kosmo::cli {
namespace {

using Clock = std::chrono::steady_clock;

// The tools as MCP lists them. Descriptions are what an agent reads to decide how to call them.
constexpr const char kToolsJson[] = R"json([
{
  "name": "lua_execute",
  "title": "Run a Lua workflow",
  "description": "Run a Lua 5.4 workflow in kosmo's sandbox and get back one JSON envelope; use it instead of many single tool calls when a task needs several integration calls, loops or filtering, so intermediate data never enters your context. Call integration functions as app.integrations.<name>.<function>({arg = value}) (a second account: app.integrations.<name>.<account>.<function>(...)); each returns decoded data or raises an error string (pcall to handle it, app.last_error() for code/status). Page through results with `for item in app.paginate(app.integrations.<name>.<function>, {args}) do ... end`. Helpers: json.encode/json.decode, regex.*, print(...) and dump(value) (captured into the envelope's `output`), docs.search/docs.read (the same docs as lua_docs_search/lua_docs_read). The sandbox has no os, io, require, load of bytecode or debug. Return a value (or several) to put it in `result`. The `args` argument becomes the read-only global `args`. Writes follow the gateway's write policy: under --write deny they fail with permission_denied; pass dry_run: true to have writes described instead of sent. The result is the run's envelope, as `kosmo integrations:lua --json` prints it: success, result, output, error, error_code, integration_calls (one entry per call, with status and http_status), meta. isError is true when success is false. Limits: timeout (seconds of wall clock), cpu_limit, memory_limit, output_limit, each at most the gateway's.",
  "inputSchema": {
    "type": "object",
    "properties": {
      "code": {"type": "string", "description": "Lua 5.4 source to run, e.g. return app.integrations.sinch.list_groups({page = 0})"},
      "args": {"type": "object", "description": "Inputs for the script, readable as the read-only table `args` (args.day, args.ids[1]); data, never spliced into the source"},
      "dry_run": {"type": "boolean", "description": "Describe writes instead of sending them; reads still run", "default": false},
      "timeout": {"type": "number", "exclusiveMinimum": 0, "description": "Wall-clock seconds for the whole run, capped by the gateway's"},
      "cpu_limit": {"type": "number", "exclusiveMinimum": 0, "description": "Seconds of Lua execution (CPU time), capped by the gateway's"},
      "memory_limit": {"type": "integer", "minimum": 65536, "description": "Lua heap limit in bytes, capped by the gateway's"},
      "output_limit": {"type": "integer", "minimum": 1, "description": "Cap on printed output in bytes, capped by the gateway's"}
    },
    "required": ["code"],
    "additionalProperties": false
  },
  "annotations": {"title": "Run a Lua workflow", "readOnlyHint": false, "destructiveHint": true, "idempotentHint": false, "openWorldHint": true}
},
{
  "name": "lua_docs_search",
  "title": "Search kosmo's Lua docs",
  "description": "Search the documentation lua_execute scripts can use: guide pages (overview, json, regex, errors, examples), integrations and their functions with arguments. Returns the best matches as {name, description, section}; read one with lua_docs_read. Example: query \"sinch groups\" finds sinch.list_groups and sinch.get_group.",
  "inputSchema": {
    "type": "object",
    "properties": {
      "query": {"type": "string", "description": "Words to look for in page names and descriptions"},
      "limit": {"type": "integer", "minimum": 1, "maximum": 100, "description": "Most matches to return (default 20)"}
    },
    "required": ["query"],
    "additionalProperties": false
  },
  "annotations": {"title": "Search kosmo's Lua docs", "readOnlyHint": true, "destructiveHint": false, "idempotentHint": true, "openWorldHint": false}
},
{
  "name": "lua_docs_read",
  "title": "Read a kosmo Lua docs page",
  "description": "Read one page of the documentation lua_execute scripts can use, as Markdown: \"index\" lists every page; guides such as \"overview\", \"json\", \"regex\", \"errors\"; an integration (\"sinch\") lists its functions; a function (\"sinch.get_group\") gives its arguments, result and a Lua example. The same text docs.read(page) returns inside Lua.",
  "inputSchema": {
    "type": "object",
    "properties": {
      "page": {"type": "string", "description": "Page name, e.g. \"index\", \"overview\", \"sinch\", \"sinch.get_group\""}
    },
    "required": ["page"],
    "additionalProperties": false
  },
  "annotations": {"title": "Read a kosmo Lua docs page", "readOnlyHint": true, "destructiveHint": false, "idempotentHint": true, "openWorldHint": false}
}
])json";

// One notifications/progress per logged app.* call: "sinch.get_group ok 200 12 ms".
class ProgressReporter final : public lua::RunObserver {
 public:
  explicit ProgressReporter(const gateway::ToolCallControl& control) : control_(control) {}

  void printed(std::string_view) override {}
  void call_started(const std::string&) override {}
  void call_finished(const std::string&) override {}
  void call_logged(const lua::CallLogView& entry) override {
    ++calls_;
    std::string_view path = entry.path;
    constexpr std::string_view kIntegrations = "integrations.";
    if (path.substr(0, kIntegrations.size()) == kIntegrations) path.remove_prefix(kIntegrations.size());
    std::string message(path);
    message += ' ';
    message += entry.status;
    if (entry.http_status) message += ' ' + std::to_string(*entry.http_status);
    char duration[32];
    std::snprintf(duration, sizeof duration, " %.0f ms", entry.duration_ms);
    message += duration;
    try {
      control_.progress(static_cast<double>(calls_), std::nullopt, message);
    } catch (const std::exception& e) {  // the client's channel: never the run's problem
      spdlog::debug("progress notification not sent: {}", e.what());
    }
  }

 private:
  const gateway::ToolCallControl& control_;
  long calls_ = 0;
};

// An argument the tool cannot use: an isError result naming it, so the agent can fix the call.
struct BadArgument {
  std::string message;
};

std::optional<double> positive_number(const rapidjson::Value& arguments, const char* name,
                                      std::optional<BadArgument>& bad) {
  auto found = arguments.FindMember(name);
  if (found == arguments.MemberEnd() || found->value.IsNull()) return std::nullopt;
  if (!found->value.IsNumber() || !(found->value.GetDouble() > 0) ||
      !std::isfinite(found->value.GetDouble())) {
    bad = BadArgument{std::string("'") + name + "' must be a positive number"};
    return std::nullopt;
  }
  return found->value.GetDouble();
}

std::optional<size_t> byte_count(const rapidjson::Value& arguments, const char* name,
                                 size_t minimum, std::optional<BadArgument>& bad) {
  auto found = arguments.FindMember(name);
  if (found == arguments.MemberEnd() || found->value.IsNull()) return std::nullopt;
  if (!found->value.IsUint64() || found->value.GetUint64() < minimum) {
    bad = BadArgument{std::string("'") + name + "' must be an integer of at least " +
                      std::to_string(minimum)};
    return std::nullopt;
  }
  return static_cast<size_t>(found->value.GetUint64());
}

const rapidjson::Value* member(const rapidjson::Value& arguments, const char* name) {
  auto found = arguments.FindMember(name);
  return found == arguments.MemberEnd() || found->value.IsNull() ? nullptr : &found->value;
}

rapidjson::Document usage_result(const std::string& message, size_t max_chars) {
  return gateway::error_result(message, error_code_name(ErrorCode::kUsage), std::nullopt,
                               max_chars);
}

class CodeModeTools final : public gateway::ToolProvider {
 public:
  CodeModeTools(CommandContext& context, const CodeModeSettings& settings)
      : context_(context), settings_(settings), docs_(context.make_doc_registry()) {
    tools_.Parse(kToolsJson);
  }

  void list_tools(rapidjson::Value& tools, rapidjson::Document::AllocatorType& allocator) override {
    for (const rapidjson::Value& tool : tools_.GetArray()) {
      tools.PushBack(rapidjson::Value(tool, allocator), allocator);
    }
  }

  bool owns(std::string_view name) const override {
    return name == kLuaExecuteTool || name == kLuaDocsSearchTool || name == kLuaDocsReadTool;
  }

  Outcome<rapidjson::Document> call_tool(std::string_view name, const rapidjson::Value& arguments,
                                         const gateway::ToolCallControl& control) override {
    if (!arguments.IsObject()) {
      return Failure{ErrorCode::kUsage, std::string(name) + ": arguments must be an object"};
    }
    if (name == kLuaExecuteTool) return execute(arguments, control);
    if (name == kLuaDocsSearchTool) return search(arguments);
    if (name == kLuaDocsReadTool) return read(arguments);
    return Failure{ErrorCode::kUsage, "Unknown tool: " + std::string(name)};
  }

 private:
  rapidjson::Document execute(const rapidjson::Value& arguments,
                              const gateway::ToolCallControl& control) {
    const size_t max_chars = settings_.max_result_chars;
    const Clock::time_point started = Clock::now();
    const rapidjson::Value* code = member(arguments, "code");
    if (code == nullptr || !code->IsString()) {
      return usage_result("lua_execute: 'code' (the Lua source, a string) is required", max_chars);
    }
    const rapidjson::Value* args = member(arguments, "args");
    if (args != nullptr && !args->IsObject()) {
      return usage_result("lua_execute: 'args' must be an object (it becomes the table `args`)",
                          max_chars);
    }
    const rapidjson::Value* dry_run = member(arguments, "dry_run");
    if (dry_run != nullptr && !dry_run->IsBool()) {
      return usage_result("lua_execute: 'dry_run' must be true or false", max_chars);
    }
    std::optional<BadArgument> bad;
    const std::optional<double> timeout = positive_number(arguments, "timeout", bad);
    const std::optional<double> cpu = positive_number(arguments, "cpu_limit", bad);
    const std::optional<size_t> memory = byte_count(arguments, "memory_limit", 64 * 1024, bad);
    const std::optional<size_t> output = byte_count(arguments, "output_limit", 1, bad);
    if (bad) return usage_result("lua_execute: " + bad->message, max_chars);

    LuaRunSettings run;
    run.flavor = LuaFlavor::kIntegrations;
    run.flags.json = true;
    run.flags.force = settings_.allow_writes || settings_.force;
    run.flags.deny_writes = !settings_.allow_writes;
    run.flags.dry_run = dry_run != nullptr && dry_run->GetBool();
    run.flags.deterministic = settings_.deterministic;
    run.memory_limit = std::min(memory.value_or(settings_.memory_limit), settings_.memory_limit);
    run.cpu_limit = std::min(cpu.value_or(settings_.cpu_limit), settings_.cpu_limit);
    run.output_limit = std::min(output.value_or(settings_.output_limit), settings_.output_limit);
    if (settings_.max_timeout_seconds > 0) {
      run.wall_seconds =
          std::min(timeout.value_or(settings_.max_timeout_seconds), settings_.max_timeout_seconds);
    } else {
      run.wall_seconds = timeout;  // the gateway sets no bound: the call's own, if any
    }
    run.flags.timeout = run.wall_seconds;
    run.started = started;
    run.cancelled = control.cancelled;
    run.integrations = settings_.integrations;
    run.mcp_servers = settings_.mcp_servers;
    run.finish_http = false;  // the server writes its cassette once, when it ends

    rapidjson::Document layers(rapidjson::kArrayType);
    if (args != nullptr) layers.PushBack(rapidjson::Value(*args, layers.GetAllocator()),
                                         layers.GetAllocator());
    const CodeSource source{std::string(code->GetString(), code->GetStringLength()), "=lua_execute"};

    std::string envelope_text;
    RunReport report(run.flags, &envelope_text);
    report.redact_with(&context_.redactor());
    std::optional<ProgressReporter> progress;
    LuaRunHooks hooks;
    if (control.progress) hooks.observer = &progress.emplace(control);
    run_lua_code(context_, run, source, layers, report, hooks);
    return envelope_result(envelope_text, max_chars);
  }

  // The envelope as structuredContent, its text (cut at --max-result-chars) as the text block.
  static rapidjson::Document envelope_result(const std::string& envelope_text, size_t max_chars) {
    rapidjson::Document result(rapidjson::kObjectType);
    auto& allocator = result.GetAllocator();
    // Parsed straight into the result's allocator, so the envelope (100,000 calls, say) is
    // moved into structuredContent, not copied.
    rapidjson::Document envelope(&allocator);
    envelope.Parse(envelope_text.data(), envelope_text.size());
    if (envelope.HasParseError() || !envelope.IsObject()) {  // the envelope writer's invariant
      return gateway::error_result(std::string("lua_execute: the run's envelope is not JSON: ") +
                                       rapidjson::GetParseError_En(envelope.GetParseError()),
                                   error_code_name(ErrorCode::kLua), std::nullopt, max_chars);
    }
    const bool success = envelope.HasMember("success") && envelope["success"].IsBool() &&
                         envelope["success"].GetBool();
    std::string_view text = envelope_text;
    if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    gateway::add_text_content(result, text, max_chars);
    rapidjson::Value structured;
    structured.Swap(envelope);
    result.AddMember("structuredContent", structured, allocator);
    result.AddMember("isError", !success, allocator);
    return result;
  }

  rapidjson::Document search(const rapidjson::Value& arguments) {
    const size_t max_chars = settings_.max_result_chars;
    const rapidjson::Value* query = member(arguments, "query");
    if (query == nullptr || !query->IsString()) {
      return usage_result("lua_docs_search: 'query' (a string) is required", max_chars);
    }
    size_t limit = 0;
    if (const rapidjson::Value* given = member(arguments, "limit")) {
      if (!given->IsUint64() || given->GetUint64() < 1 || given->GetUint64() > 100) {
        return usage_result("lua_docs_search: 'limit' must be an integer from 1 to 100",
                            max_chars);
      }
      limit = static_cast<size_t>(given->GetUint64());
    }
    const std::string_view wanted(query->GetString(), query->GetStringLength());
    const std::vector<lua::DocEntry> found = docs_.search_entries(wanted, limit);
    rapidjson::Document data(rapidjson::kObjectType);
    auto& allocator = data.GetAllocator();
    rapidjson::Value matches(rapidjson::kArrayType);
    for (const lua::DocEntry& entry : found) {
      rapidjson::Value match(rapidjson::kObjectType);
      match.AddMember("name", rapidjson::Value(entry.name.c_str(), allocator), allocator);
      match.AddMember("description", rapidjson::Value(entry.description.c_str(), allocator),
                      allocator);
      match.AddMember("section", rapidjson::Value(entry.section.c_str(), allocator), allocator);
      matches.PushBack(match, allocator);
    }
    data.AddMember("query", rapidjson::Value(wanted.data(), wanted.size(), allocator), allocator);
    data.AddMember("matches", matches, allocator);
    if (found.empty()) {
      const std::string hint = docs_.search(wanted) +
                               " Try fewer or other words, or lua_docs_read with page \"index\".";
      data.AddMember("hint", rapidjson::Value(hint.c_str(), allocator), allocator);
    }
    return gateway::success_result(data, max_chars);
  }

  rapidjson::Document read(const rapidjson::Value& arguments) {
    const size_t max_chars = settings_.max_result_chars;
    const rapidjson::Value* page = member(arguments, "page");
    if (page == nullptr || !page->IsString()) {
      return usage_result("lua_docs_read: 'page' (a string, e.g. \"index\") is required",
                          max_chars);
    }
    const std::string_view wanted(page->GetString(), page->GetStringLength());
    if (std::optional<std::string> text = docs_.find(wanted)) {
      rapidjson::Value value(text->c_str(), static_cast<rapidjson::SizeType>(text->size()));
      return gateway::success_result(value, max_chars);
    }
    // docs.read's own answer for an unknown page: it names the nearest pages.
    return gateway::error_result(docs_.read(wanted) +
                                     " lua_docs_search finds pages by words; page \"index\" "
                                     "lists them all.",
                                 error_code_name(ErrorCode::kUsage), std::nullopt, max_chars);
  }

  CommandContext& context_;
  const CodeModeSettings settings_;
  lua::DocRegistry docs_;
  rapidjson::Document tools_;
};

}  // namespace

std::unique_ptr<gateway::ToolProvider> make_code_mode_tools(CommandContext& context,
                                                            const CodeModeSettings& settings) {
  return std::make_unique<CodeModeTools>(context, settings);
}

}  // namespace kosmo::cli
