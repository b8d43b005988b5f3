#include "lib/gateway/mcp_server_session.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include "lib/common/error_codes.h"
#include "lib/common/json_parse.h"
#include "lib/common/json_text.h"
#include "lib/mcp/json_rpc.h"
#include "lib/mcp/session.h"

namespace kosmo::gateway {
namespace {

namespace rpc = mcp::rpc_code;
using Allocator = rapidjson::Document::AllocatorType;

// RFC 5424 severities, as MCP's logging/setLevel names them, least severe first.
constexpr std::array<std::string_view, 8> kLevels = {
    "debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"};
constexpr int kErrorLevel = 4;
// Until the client sets a level, tool-call failures (error) are sent; chatter below warning is
// not.
constexpr int kDefaultLevel = 3;

int level_index(std::string_view name) {
  for (size_t i = 0; i < kLevels.size(); ++i) {
    if (kLevels[i] == name) return static_cast<int>(i);
  }
  return -1;
}

using json::string_member;
using json::text;

const rapidjson::Value& null_value() {
  static const rapidjson::Value null;
  return null;
}

const rapidjson::Value& params_of(const rapidjson::Value& message) {
  static const rapidjson::Value empty(rapidjson::kObjectType);
  auto found = message.FindMember("params");
  return found != message.MemberEnd() && found->value.IsObject() ? found->value : empty;
}

bool is_valid_id(const rapidjson::Value& id) {
  return id.IsString() || id.IsInt64() || id.IsUint64();
}

std::string error_text(const rapidjson::Value& id, int code, std::string_view message) {
  return mcp::error_message(id, code, message);
}

int rpc_code_for(const Failure& failure) {
  return failure.code == ErrorCode::kUsage ? rpc::kInvalidParams : rpc::kInternalError;
}

struct Job {
  std::string method;
  rapidjson::Document message;
  std::string id_key;
  std::shared_ptr<std::atomic<bool>> cancelled;
  std::shared_ptr<ReplyChannel> reply;
};

}  // namespace

std::string negotiate_protocol_version(std::string_view requested) {
  for (std::string_view version : mcp::supported_protocol_versions()) {
    if (version == requested) return std::string(version);
  }
  return mcp::kLatestProtocolVersion;
}

struct McpServerSession::State {
  Gateway gateway;
  SessionSettings settings;
  std::shared_ptr<ReplyChannel> standalone;

  std::mutex mutex;
  std::condition_variable wake;  // a job arrived, or closing
  std::condition_variable idle;  // the worker finished what it was doing
  std::deque<Job> queue;
  std::map<std::string, std::shared_ptr<std::atomic<bool>>> pending;  // by id's JSON
  bool closing = false;
  bool closed = false;  // close() ran (it runs once)
  bool busy = false;
  std::atomic<int> log_level{kDefaultLevel};
  std::thread worker;

  // --- the reading thread ---
  void receive(std::string_view text, const std::shared_ptr<ReplyChannel>& reply);
  void request(rapidjson::Document message, const std::shared_ptr<ReplyChannel>& reply);
  void notification(const rapidjson::Document& message);
  rapidjson::Document initialize_result(const rapidjson::Value& params) const;

  // --- the worker ---
  void work();
  void run(Job& job);
  void poll_changes();
  void call_tool(Job& job);
  void answer(Job& job, std::string message);
  void forget(const Job& job);  // with mutex held
  rapidjson::Document list_tools();
  void send_log(const std::shared_ptr<ReplyChannel>& channel, int level, const rapidjson::Value& data);
};

void McpServerSession::State::receive(std::string_view text,
                                      const std::shared_ptr<ReplyChannel>& reply) {
  rapidjson::Document message;
  if (parse_json(text, message).IsError()) {
    reply->respond(error_text(null_value(), rpc::kParseError, "Parse error"));
    return;
  }
  if (message.IsArray()) {
    reply->respond(error_text(null_value(), rpc::kInvalidRequest,
                              "Invalid Request: JSON-RPC batches are not supported"));
    return;
  }
  if (!message.IsObject()) {
    reply->respond(error_text(null_value(), rpc::kInvalidRequest, "Invalid Request"));
    return;
  }
  auto id = message.FindMember("id");
  const bool has_id = id != message.MemberEnd();
  const rapidjson::Value& reply_id =
      has_id && is_valid_id(id->value) ? id->value : null_value();
  auto method = message.FindMember("method");
  if (method == message.MemberEnd()) {
    // A response to a request the gateway never sends: nothing to do, nothing to answer.
    if (has_id && (message.HasMember("result") || message.HasMember("error"))) return;
    reply->respond(error_text(reply_id, rpc::kInvalidRequest, "Invalid Request: no method"));
    return;
  }
  if (string_member(message, "jsonrpc") != "2.0" || !method->value.IsString()) {
    if (has_id || !method->value.IsString()) {
      reply->respond(error_text(reply_id, rpc::kInvalidRequest,
                                "Invalid Request: expected jsonrpc \"2.0\" and a string method"));
    }
    return;
  }
  auto params = message.FindMember("params");
  if (params != message.MemberEnd() && !params->value.IsObject()) {
    if (has_id) {
      reply->respond(error_text(reply_id, rpc::kInvalidParams, "Invalid params: not an object"));
    }
    return;
  }
  if (!has_id) {
    notification(message);
    return;
  }
  if (!is_valid_id(id->value)) {
    reply->respond(error_text(null_value(), rpc::kInvalidRequest,
                              "Invalid Request: id must be a string or an integer"));
    return;
  }
  request(std::move(message), reply);
}

void McpServerSession::State::notification(const rapidjson::Document& message) {
  const std::string method = string_member(message, "method");
  if (method != "notifications/cancelled") return;  // initialized and the rest need nothing
  const rapidjson::Value& params = params_of(message);
  auto target = params.FindMember("requestId");
  if (target == params.MemberEnd()) return;
  const std::string key = mcp::to_json(target->value);
  std::lock_guard<std::mutex> lock(mutex);
  auto found = pending.find(key);
  if (found != pending.end()) found->second->store(true);
}

rapidjson::Document McpServerSession::State::initialize_result(
    const rapidjson::Value& params) const {
  rapidjson::Document result(rapidjson::kObjectType);
  Allocator& allocator = result.GetAllocator();
  const std::string version = negotiate_protocol_version(string_member(params, "protocolVersion"));
  result.AddMember("protocolVersion", text(version, allocator), allocator);
  rapidjson::Value capabilities(rapidjson::kObjectType);
  rapidjson::Value tools(rapidjson::kObjectType);
  tools.AddMember("listChanged", true, allocator);
  capabilities.AddMember("tools", tools, allocator);
  capabilities.AddMember("resources", rapidjson::Value(rapidjson::kObjectType), allocator);
  capabilities.AddMember("prompts", rapidjson::Value(rapidjson::kObjectType), allocator);
  capabilities.AddMember("logging", rapidjson::Value(rapidjson::kObjectType), allocator);
  result.AddMember("capabilities", capabilities, allocator);
  rapidjson::Value info(rapidjson::kObjectType);
  info.AddMember("name", "kosmo", allocator);
  info.AddMember("version", text(settings.server_version, allocator), allocator);
  result.AddMember("serverInfo", info, allocator);
  result.AddMember("instructions",
                   "kosmo's MCP gateway: integration functions as integration__<provider>__"
                   "<function> tools, proxied MCP servers' tools as mcp__<server>__<tool>.",
                   allocator);
  return result;
}

void McpServerSession::State::request(rapidjson::Document message,
                                      const std::shared_ptr<ReplyChannel>& reply) {
  const std::string method = string_member(message, "method");
  const rapidjson::Value& id = message["id"];
  const rapidjson::Value& params = params_of(message);
  if (method == "ping") {
    rapidjson::Value empty(rapidjson::kObjectType);
    reply->respond(mcp::result_message(id, empty));
    return;
  }
  if (method == "initialize") {
    reply->respond(mcp::result_message(id, initialize_result(params)));
    return;
  }
  if (method == "logging/setLevel") {
    const int level = level_index(string_member(params, "level"));
    if (level < 0) {
      reply->respond(error_text(id, rpc::kInvalidParams,
                                "Invalid params: level must be one of debug, info, notice, "
                                "warning, error, critical, alert, emergency"));
      return;
    }
    log_level.store(level);
    rapidjson::Value empty(rapidjson::kObjectType);
    reply->respond(mcp::result_message(id, empty));
    return;
  }
  static const std::array<std::string_view, 7> kQueued = {
      "tools/list",   "tools/call",   "resources/list", "resources/templates/list",
      "resources/read", "prompts/list", "prompts/get"};
  if (std::find(kQueued.begin(), kQueued.end(), method) == kQueued.end()) {
    reply->respond(error_text(id, rpc::kMethodNotFound, "Method not found: " + method));
    return;
  }
  if (method == "tools/call" && string_member(params, "name").empty()) {
    reply->respond(error_text(id, rpc::kInvalidParams, "Invalid params: tools/call needs a name"));
    return;
  }
  Job job;
  job.method = method;
  job.id_key = mcp::to_json(id);
  job.cancelled = std::make_shared<std::atomic<bool>>(false);
  job.reply = reply;
  job.message = std::move(message);
  std::lock_guard<std::mutex> lock(mutex);
  if (closing) return;
  if (!pending.emplace(job.id_key, job.cancelled).second) {
    reply->respond(error_text(job.message["id"], rpc::kInvalidRequest,
                              "Invalid Request: id " + job.id_key + " is already in use"));
    return;
  }
  queue.push_back(std::move(job));
  wake.notify_one();
}

void McpServerSession::State::work() {
  const auto poll_every = std::chrono::duration<double>(settings.idle_poll_seconds);
  for (;;) {
    Job job;
    bool have_job = false;
    {
      std::unique_lock<std::mutex> lock(mutex);
      wake.wait_for(lock, poll_every, [this] { return closing || !queue.empty(); });
      if (closing) break;
      if (!queue.empty()) {
        job = std::move(queue.front());
        queue.pop_front();
        have_job = true;
      }
      busy = true;
    }
    {
      std::unique_lock<std::mutex> providers;
      if (settings.provider_lock) providers = std::unique_lock<std::mutex>(*settings.provider_lock);
      if (have_job) {
        if (!job.cancelled->load()) run(job);
      } else {
        if (settings.before_job) settings.before_job();
        poll_changes();
      }
    }
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (have_job) forget(job);
      busy = false;
    }
    idle.notify_all();
  }
  {
    std::lock_guard<std::mutex> lock(mutex);
    busy = false;
  }
  idle.notify_all();
}

void McpServerSession::State::poll_changes() {
  bool changed = false;
  for (auto& provider : gateway.tools) changed = provider->tools_changed() || changed;
  if (changed && standalone) {
    standalone->notify(mcp::notification_message("notifications/tools/list_changed"));
  }
}

rapidjson::Document McpServerSession::State::list_tools() {
  rapidjson::Document result(rapidjson::kObjectType);
  Allocator& allocator = result.GetAllocator();
  rapidjson::Value tools(rapidjson::kArrayType);
  for (auto& provider : gateway.tools) provider->list_tools(tools, allocator);
  // Sorted by name, as KosmoKrator lists them: a stable order whatever the providers' order.
  auto* begin = tools.Begin();
  std::sort(begin, tools.End(), [](const rapidjson::Value& a, const rapidjson::Value& b) {
    return string_member(a, "name") < string_member(b, "name");
  });
  result.AddMember("tools", tools, allocator);
  return result;
}

void McpServerSession::State::send_log(const std::shared_ptr<ReplyChannel>& channel, int level,
                                       const rapidjson::Value& data) {
  if (level < log_level.load() || !channel) return;
  rapidjson::Document params(rapidjson::kObjectType);
  Allocator& allocator = params.GetAllocator();
  params.AddMember("level", text(kLevels[static_cast<size_t>(level)], allocator), allocator);
  params.AddMember("logger", "kosmo", allocator);
  params.AddMember("data", rapidjson::Value(data, allocator), allocator);
  channel->notify(mcp::notification_message("notifications/message", &params));
}

void McpServerSession::State::call_tool(Job& job) {
  const rapidjson::Value& id = job.message["id"];
  const rapidjson::Value& params = params_of(job.message);
  const std::string name = string_member(params, "name");
  ToolProvider* owner = nullptr;
  for (auto& provider : gateway.tools) {
    if (provider->owns(name)) {
      owner = provider.get();
      break;
    }
  }
  if (owner == nullptr) {
    answer(job, error_text(id, rpc::kInvalidParams, "Unknown tool: " + name));
    return;
  }
  static const rapidjson::Value empty_arguments(rapidjson::kObjectType);
  auto given = params.FindMember("arguments");
  const rapidjson::Value& arguments =
      given == params.MemberEnd() || given->value.IsNull() ? empty_arguments : given->value;
  if (!arguments.IsObject()) {
    answer(job, error_text(id, rpc::kInvalidParams, "Invalid params: arguments must be an object"));
    return;
  }
  ToolCallControl control;
  control.cancelled = job.cancelled.get();
  auto meta = params.FindMember("_meta");
  if (meta != params.MemberEnd() && meta->value.IsObject()) {
    auto token = meta->value.FindMember("progressToken");
    if (token != meta->value.MemberEnd() && (token->value.IsString() || token->value.IsNumber())) {
      auto token_json = std::make_shared<rapidjson::Document>();
      token_json->CopyFrom(token->value, token_json->GetAllocator());
      std::shared_ptr<ReplyChannel> channel = job.reply;
      std::shared_ptr<std::atomic<bool>> cancelled = job.cancelled;
      control.progress = [channel, token_json, cancelled](double progress,
                                                          std::optional<double> total,
                                                          std::string_view message) {
        if (cancelled->load()) return;
        rapidjson::Document progress_params(rapidjson::kObjectType);
        Allocator& allocator = progress_params.GetAllocator();
        progress_params.AddMember("progressToken", rapidjson::Value(*token_json, allocator),
                                  allocator);
        progress_params.AddMember("progress", progress, allocator);
        if (total) progress_params.AddMember("total", *total, allocator);
        if (!message.empty()) progress_params.AddMember("message", text(message, allocator), allocator);
        channel->notify(mcp::notification_message("notifications/progress", &progress_params));
      };
    }
  }
  const auto started = std::chrono::steady_clock::now();
  Outcome<rapidjson::Document> result = owner->call_tool(name, arguments, control);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (job.cancelled->load()) {
    if (settings.on_call) settings.on_call(name, "cancelled", ms);
    return;  // MCP: a cancelled request is not answered
  }
  if (!result) {
    if (settings.on_call) settings.on_call(name, error_code_name(result.error().code), ms);
    answer(job, error_text(id, rpc_code_for(result.error()), result.error().message));
    return;
  }
  std::string status = "ok";
  const rapidjson::Value& value = *result;
  if (value.IsObject() && value.HasMember("isError") && value["isError"].IsBool() &&
      value["isError"].GetBool()) {
    status = "error";
    if (value.HasMember("structuredContent")) {
      std::string code = string_member(value["structuredContent"], "error_code");
      if (!code.empty()) status = code;
      rapidjson::Document data(rapidjson::kObjectType);
      data.AddMember("tool", text(name, data.GetAllocator()), data.GetAllocator());
      data.AddMember("error",
                     text(string_member(value["structuredContent"], "error"), data.GetAllocator()),
                     data.GetAllocator());
      data.AddMember("error_code", text(status, data.GetAllocator()), data.GetAllocator());
      send_log(job.reply, kErrorLevel, data);
    }
  }
  if (settings.on_call) settings.on_call(name, status, ms);
  answer(job, mcp::result_message(id, *result));
}

// The id is freed before the answer leaves: a client may reuse an id as soon as it has its
// answer (JSON-RPC asks ids to be unique only among requests in flight), and a reuse racing the
// worker's later bookkeeping was refused as "already in use".
void McpServerSession::State::answer(Job& job, std::string message) {
  {
    std::lock_guard<std::mutex> lock(mutex);
    forget(job);
  }
  job.reply->respond(std::move(message));
}

void McpServerSession::State::forget(const Job& job) {
  // Only this job's entry: once answered, its id may already belong to a newer request.
  auto found = pending.find(job.id_key);
  if (found != pending.end() && found->second == job.cancelled) pending.erase(found);
}

void McpServerSession::State::run(Job& job) {
  if (settings.before_job) settings.before_job();
  const rapidjson::Value& id = job.message["id"];
  const rapidjson::Value& params = params_of(job.message);
  if (job.method == "tools/call") {
    call_tool(job);
    return;
  }
  Outcome<rapidjson::Document> result = rapidjson::Document(rapidjson::kObjectType);
  if (job.method == "tools/list") {
    result = list_tools();
  } else if (job.method == "resources/list" || job.method == "prompts/list") {
    const bool resources = job.method == "resources/list";
    rapidjson::Document listed(rapidjson::kObjectType);
    rapidjson::Value items(rapidjson::kArrayType);
    if (gateway.content) {
      if (resources) gateway.content->list_resources(items, listed.GetAllocator());
      else gateway.content->list_prompts(items, listed.GetAllocator());
    }
    listed.AddMember(rapidjson::StringRef(resources ? "resources" : "prompts"), items,
                     listed.GetAllocator());
    result = std::move(listed);
  } else if (job.method == "resources/templates/list") {
    rapidjson::Document listed(rapidjson::kObjectType);
    listed.AddMember("resourceTemplates", rapidjson::Value(rapidjson::kArrayType),
                     listed.GetAllocator());
    result = std::move(listed);
  } else if (job.method == "resources/read") {
    const std::string uri = string_member(params, "uri");
    if (uri.empty()) {
      result = Failure{ErrorCode::kUsage, "Invalid params: resources/read needs a uri"};
    } else if (!gateway.content) {
      result = Failure{ErrorCode::kUsage, "Unknown resource: " + uri};
    } else {
      result = gateway.content->read_resource(uri);
    }
  } else if (job.method == "prompts/get") {
    const std::string name = string_member(params, "name");
    static const rapidjson::Value no_arguments(rapidjson::kObjectType);
    auto given = params.FindMember("arguments");
    const rapidjson::Value& arguments =
        given != params.MemberEnd() && given->value.IsObject() ? given->value : no_arguments;
    if (name.empty()) {
      result = Failure{ErrorCode::kUsage, "Invalid params: prompts/get needs a name"};
    } else if (!gateway.content) {
      result = Failure{ErrorCode::kUsage, "Unknown prompt: " + name};
    } else {
      result = gateway.content->get_prompt(name, arguments);
    }
  }
  if (job.cancelled->load()) return;
  if (!result) {
    answer(job, error_text(id, rpc_code_for(result.error()), result.error().message));
    return;
  }
  answer(job, mcp::result_message(id, *result));
}

McpServerSession::McpServerSession(Gateway gateway, SessionSettings settings,
                                   std::shared_ptr<ReplyChannel> standalone)
    : state_(std::make_unique<State>()) {
  state_->gateway = std::move(gateway);
  state_->settings = std::move(settings);
  state_->standalone = std::move(standalone);
  State* state = state_.get();
  state_->worker = std::thread([state] { state->work(); });
}

McpServerSession::~McpServerSession() { close(); }

void McpServerSession::receive(std::string_view text, std::shared_ptr<ReplyChannel> reply) {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (state_->closing) return;
  }
  state_->receive(text, reply);
}

void McpServerSession::drain(const std::function<bool()>& give_up) {
  State& state = *state_;
  std::unique_lock<std::mutex> lock(state.mutex);
  while (!state.closing && (!state.queue.empty() || state.busy)) {
    state.idle.wait_for(lock, std::chrono::milliseconds(100));
    if (give_up && give_up()) return;
  }
}

void McpServerSession::close() {
  State& state = *state_;
  {
    std::lock_guard<std::mutex> lock(state.mutex);
    if (state.closed) return;
    state.closed = true;
    state.closing = true;
    for (auto& [key, cancelled] : state.pending) cancelled->store(true);
    state.queue.clear();
  }
  state.wake.notify_all();
  bool finished;
  {
    std::unique_lock<std::mutex> lock(state.mutex);
    finished = state.idle.wait_for(lock,
                                   std::chrono::duration<double>(state.settings.close_grace_seconds),
                                   [&state] { return !state.busy; });
  }
  if (!finished && state.settings.interrupt) state.settings.interrupt();
  state.worker.join();
}

}  // namespace kosmo::gateway
