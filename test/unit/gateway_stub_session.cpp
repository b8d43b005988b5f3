#include "test/unit/gateway_stub_session.h"

#include <chrono>

#include "lib/mcp/json_rpc.h"

namespace kosmo::test {
namespace {

std::string result(const std::string& id, const std::string& result_json) {
  return R"({"jsonrpc":"2.0","id":)" + id + R"(,"result":)" + result_json + "}";
}

}  // namespace

StubSession::StubSession(std::shared_ptr<StubLog> log,
                         std::shared_ptr<gateway::ReplyChannel> standalone)
    : log_(std::move(log)), standalone_(std::move(standalone)) {
  ++log_->sessions_made;
}

StubSession::~StubSession() { close(); }

void StubSession::receive(std::string_view text, std::shared_ptr<gateway::ReplyChannel> reply) {
  {
    std::lock_guard lock(log_->mutex);
    log_->received.emplace_back(text);
  }
  mcp::Message message = mcp::parse_message(text);
  if (message.kind != mcp::MessageKind::kRequest) return;
  const std::string id = mcp::to_json(message.document["id"]);
  const std::string_view method = message.method();
  if (method == "initialize") {
    const auto params = message.document.FindMember("params");
    if (params != message.document.MemberEnd() && params->value.IsObject() &&
        params->value.HasMember("protocolVersion") &&
        params->value["protocolVersion"] == "refuse") {
      reply->respond(R"({"jsonrpc":"2.0","id":)" + id +
                     R"(,"error":{"code":-32602,"message":"Unsupported protocol version"}})");
      return;
    }
    reply->respond(result(id, R"({"protocolVersion":"2025-11-25","capabilities":{"tools":{}},)"
                              R"("serverInfo":{"name":"stub","version":"1"}})"));
  } else if (method == "progress") {
    reply->notify(R"({"jsonrpc":"2.0","method":"notifications/progress",)"
                  R"("params":{"progressToken":1,"progress":1}})");
    reply->respond(result(id, R"({"done":true})"));
  } else if (method == "list_changed") {
    standalone_->notify(R"({"jsonrpc":"2.0","method":"notifications/tools/list_changed"})");
    reply->respond(result(id, "{}"));
  } else if (method == "slow") {
    std::lock_guard lock(mutex_);
    workers_.emplace_back([this, id, reply] {
      std::unique_lock wait(mutex_);
      if (closing_.wait_for(wait, std::chrono::milliseconds(300), [this] { return closed_; })) {
        return;
      }
      wait.unlock();
      reply->respond(result(id, R"({"slow":true})"));
      ++log_->slow_answered;
    });
  } else {
    reply->respond(result(id, R"({"echo":")" + std::string(method) + R"("})"));
  }
}

void StubSession::close() {
  std::vector<std::thread> workers;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    closed_ = true;
    workers.swap(workers_);
  }
  closing_.notify_all();
  for (std::thread& worker : workers) worker.join();
  ++log_->sessions_closed;
}

gateway::SessionFactory stub_factory(std::shared_ptr<StubLog> log) {
  return [log](std::shared_ptr<gateway::ReplyChannel> standalone) {
    return std::make_unique<StubSession>(log, std::move(standalone));
  };
}

}  // namespace kosmo::test
