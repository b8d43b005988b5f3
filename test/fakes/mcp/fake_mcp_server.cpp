// kosmo_fake_mcp: a scriptable MCP server for tests of kosmo's MCP client.
//
//   kosmo_fake_mcp [options]          stdio: newline-delimited JSON-RPC on stdin/stdout
//   kosmo_fake_mcp --http [options]   Streamable HTTP on 127.0.0.1, endpoint /mcp; prints
//                                     "PORT <n>" on stdout and serves until stdin reaches EOF
//
// Options (fake_mcp_options.h) may also come from the environment variable FAKE_MCP_OPTIONS.
// Tools: echo, add, get-weather (structuredContent), create_issue (no annotations), fail
// (isError), huge {bytes}, sleep {ms}, exit_now, image, get_env, inspect (what the server has
// seen: initialize params, notifications, pings answered, answers to --ask-first, progress
// tokens; and open_fds, the descriptors it holds). Resource fake://readme, prompt summarize
// {topic}. In HTTP mode GET /debug/log lists every request received (method, session and version
// headers, X-Test header, JSON-RPC method, Last-Event-ID); with --sse, --ping-first, --ask-first
// and --progress happen inside the tools/call answer's event stream (--ask-via-get: the
// questions on the session's GET stream), the client's answers arriving as POSTs of their own.
//
//   kosmo_fake_mcp --http --oauth [--oauth-scope S] [--token-ttl S] [--revoke-refresh]
//                  [--oauth-client ID:SECRET] [--oauth-resource URL]
//     /mcp is an OAuth 2.1 protected resource (401 with WWW-Authenticate without a live bearer
//     token) and the same server its authorization server (fake_oauth.h): resource and server
//     metadata under /.well-known, /register, /authorize (PKCE S256) and /token; their requests
//     appear in /debug/log too ({method, path, grant_type, client_id, client_auth, resource,
//     scope, code_challenge_method, status, error}, no secrets), and /mcp entries gain "bearer".
#include <httplib.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "fake_mcp_options.h"
#include "fake_mcp_protocol.h"
#include "fake_oauth.h"

namespace kosmo::fake_mcp {
namespace {

void write_fully(const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = write(STDOUT_FILENO, text.data() + done, text.size() - done);
    if (n <= 0) _exit(0);  // the client has gone
    done += static_cast<size_t>(n);
  }
}

void write_line(const Options& options, const std::string& line) {
  std::string text = line + "\n";
  if (!options.split_writes) return write_fully(text);
  size_t piece = text.size() / 3 + 1;
  for (size_t at = 0; at < text.size(); at += piece) {
    write_fully(text.substr(at, piece));
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
  }
}

// Pings the client and waits for its answer; the client is waiting for our response, so nothing
// else should arrive meanwhile.
void ping_client(const Options& options, Protocol& protocol) {
  write_line(options, R"({"jsonrpc":"2.0","id":"fake-ping","method":"ping"})");
  for (std::string line; std::getline(std::cin, line);) {
    Document message = parse(line);
    if (message.IsObject() && message.HasMember("id") && message["id"] == "fake-ping" &&
        message.HasMember("result")) {
      ++protocol.pings_answered;
      return;
    }
  }
  _exit(0);
}

// The request --ask-first WHAT sends. The elicitation schemas: `name` has a default and is
// required, `count` has a default, `note` has none (and is required in elicit-required). The
// sampling request has a system prompt, a stop sequence and a Claude model among its hints.
std::string client_request(const std::string& what, const std::string& id) {
  const std::string head = R"({"jsonrpc":"2.0","id":")" + id + R"(","method":)";
  if (what == "roots") return head + R"("roots/list"})";
  if (what == "sample") {
    return head + R"("sampling/createMessage","params":{"messages":[{"role":"user","content":)" +
           R"({"type":"text","text":"Name the day in one word."}}],"systemPrompt":"Be terse.",)" +
           R"("maxTokens":64,"stopSequences":["END"],"modelPreferences":{"hints":[)" +
           R"({"name":"sonnet"},{"name":"claude-haiku-4-5"}],"speedPriority":0.9}}})";
  }
  const std::string required = what == "elicit-required" ? R"(["name","note"])" : R"(["name"])";
  return head + R"("elicitation/create","params":{"message":"Which name?","requestedSchema":)" +
         R"({"type":"object","properties":{"name":{"type":"string","default":"kosmo"},)" +
         R"("count":{"type":"integer","default":3},"note":{"type":"string"}},"required":)" +
         required + "}}}";
}

// Asks the client each --ask-first request and keeps its answers for inspect.
void ask_client(const Options& options, Protocol& protocol) {
  for (size_t n = 0; n < options.ask_first.size(); ++n) {
    const std::string id = "fake-ask-" + std::to_string(n);
    write_line(options, client_request(options.ask_first[n], id));
    for (std::string line;;) {
      if (!std::getline(std::cin, line)) _exit(0);
      Document message = parse(line);
      if (message.IsObject() && message.HasMember("id") && message["id"] == id.c_str()) {
        protocol.client_answers.push_back(line);
        break;
      }
    }
  }
}

std::string progress_notification(const std::string& token, int step, int total) {
  return R"({"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":)" +
         token + R"(,"progress":)" + std::to_string(step) + R"(,"total":)" + std::to_string(total) +
         R"(,"message":"step )" + std::to_string(step) + R"("}})";
}

// The progress token of a tools/call, as JSON text; "" when the client sent none.
std::string progress_token_of(const Document& call) {
  if (!call.HasMember("params") || !call["params"].IsObject()) return "";
  const Value& params = call["params"];
  if (!params.HasMember("_meta") || !params["_meta"].IsObject() ||
      !params["_meta"].HasMember("progressToken")) {
    return "";
  }
  return to_text(params["_meta"]["progressToken"]);
}

// --progress: reports progress on a tools/call with the token the client gave (none: nothing to
// report against), one notification every --progress-gap milliseconds.
void report_progress(const Options& options, const Document& call) {
  const std::string token = progress_token_of(call);
  if (token.empty()) return;
  for (int step = 1; step <= options.progress; ++step) {
    std::this_thread::sleep_for(std::chrono::milliseconds(options.progress_gap_ms));
    write_line(options, progress_notification(token, step, options.progress));
  }
}

void prepare(const Options& options) {
  if (options.ignore_sigterm) signal(SIGTERM, SIG_IGN);
  if (options.grandchild && fork() == 0) {
    // Holds stdout and stderr open and stays in our process group until killed.
    for (int i = 0; i < 600; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    _exit(0);
  }
  if (options.slow_start_ms > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(options.slow_start_ms));
  }
  std::fputs("fake mcp ready\n", stderr);
  if (!options.stderr_env.empty()) {
    const char* value = std::getenv(options.stderr_env.c_str());
    std::fprintf(stderr, "%s=%s\n", options.stderr_env.c_str(), value ? value : "");
  }
  if (options.stderr_bytes > 0) {
    std::string noise(static_cast<size_t>(options.stderr_bytes), 'e');
    for (size_t i = 79; i < noise.size(); i += 80) noise[i] = '\n';
    std::fwrite(noise.data(), 1, noise.size(), stderr);
  }
  std::fflush(stderr);
}

int run_stdio(const Options& options) {
  Protocol protocol(options);
  if (options.banner) write_fully("fake mcp server v1 starting (not JSON)\n");
  for (std::string line; std::getline(std::cin, line);) {
    Document message = parse(line);
    if (message.HasParseError()) {
      write_line(options,
                 R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}})");
      continue;
    }
    bool request = message.IsObject() && message.HasMember("id") && message.HasMember("method");
    if (request && options.chatty) {
      write_line(options, R"({"jsonrpc":"2.0","method":"notifications/message",)"
                          R"("params":{"level":"info","data":"working"}})");
      write_line(options, R"({"jsonrpc":"2.0","id":987654,"result":{}})");
    }
    if (request && options.ping_first && message["method"] == "tools/call") {
      ping_client(options, protocol);
    }
    if (request && message["method"] == "tools/call") {
      ask_client(options, protocol);
      report_progress(options, message);
    }
    std::string reply = protocol.handle(message);
    if (!reply.empty()) write_line(options, reply);
  }
  if (options.ignore_sigterm) {
    for (;;) pause();  // survive stdin EOF too: only SIGKILL ends this server
  }
  return 0;
}

class HttpFrontEnd {
 public:
  explicit HttpFrontEnd(const Options& options) : options_(options) {
    if (options.oauth) oauth_ = std::make_unique<FakeOAuth>(options, server_);
    server_.Post("/mcp", [this](const httplib::Request& request, httplib::Response& response) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!authorized(request, response)) return;
      post(request, response);
    });
    server_.Delete("/mcp", [this](const httplib::Request& request, httplib::Response& response) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!authorized(request, response)) return;
      record(request, "");
      response.status = sessions_.erase(request.get_header_value("Mcp-Session-Id")) ? 200 : 404;
      answered_.notify_all();  // a GET stream of the session ends
    });
    server_.Get("/mcp", [this](const httplib::Request& request, httplib::Response& response) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!authorized(request, response)) return;
      resume(request, response);
    });
    server_.Get("/debug/log", [this](const httplib::Request&, httplib::Response& response) {
      std::lock_guard<std::mutex> lock(mutex_);
      merge_oauth_log();
      std::string body = "[";
      for (size_t i = 0; i < log_.size(); ++i) body += (i ? "," : "") + log_[i];
      response.set_content(body + "]", "application/json");
    });
  }

  int run() {
    int port = server_.bind_to_any_port("127.0.0.1");
    if (port <= 0) return 1;
    if (oauth_) oauth_->set_port(port);
    write_fully("PORT " + std::to_string(port) + "\n");
    std::thread([this] {
      char buffer[256];
      while (read(STDIN_FILENO, buffer, sizeof buffer) > 0) {
      }
      server_.stop();
    }).detach();
    server_.listen_after_bind();
    return 0;
  }

 private:
  struct Session {
    std::unique_ptr<Protocol> protocol;
    int requests = 0;
    std::string dropped_answer;  // --drop-stream: the answer a GET resumes
  };
  using Lock = std::unique_lock<std::mutex>;
  static constexpr auto kAnswerWait = std::chrono::seconds(10);

  void record(const httplib::Request& request, const std::string& rpc_method) {
    auto text = [](const std::string& value) {
      return to_text(Value(value.c_str(), static_cast<rapidjson::SizeType>(value.size())));
    };
    merge_oauth_log();  // what the OAuth routes served meanwhile comes first
    const std::string bearer =
        oauth_ ? std::string(",\"bearer\":") + (FakeOAuth::has_bearer(request) ? "true" : "false")
               : "";
    log_.push_back(
        "{\"method\":" + text(request.method) +
        ",\"session\":" + text(request.get_header_value("Mcp-Session-Id")) +
        ",\"version\":" + text(request.get_header_value("MCP-Protocol-Version")) +
        ",\"x_test\":" + text(request.get_header_value("X-Test")) + ",\"rpc\":" + text(rpc_method) +
        ",\"last_event_id\":" + text(request.get_header_value("Last-Event-ID")) + bearer + "}");
  }

  void merge_oauth_log() {
    if (!oauth_) return;
    for (std::string& entry : oauth_->take_log()) log_.push_back(std::move(entry));
  }

  static std::string rpc_method(const Document& message) {
    return message.IsObject() && message.HasMember("method") && message["method"].IsString()
               ? message["method"].GetString()
               : "";
  }

  // --oauth: /mcp wants a live bearer token; a request without one is logged and answered 401.
  bool authorized(const httplib::Request& request, httplib::Response& response) {
    if (!oauth_ || oauth_->authorize_mcp(request, response)) return true;
    record(request, rpc_method(parse(request.body)));
    return false;
  }

  static void fail(httplib::Response& response, int status, int code, const std::string& message) {
    response.status = status;
    response.set_content(R"({"jsonrpc":"2.0","error":{"code":)" + std::to_string(code) +
                             R"(,"message":")" + message + R"("},"id":null})",
                         "application/json");
  }

  void forgotten(httplib::Response& response) const {
    if (options_.expire_status == 400) {
      return fail(response, 400, -32000, "Bad Request: No valid session ID provided");
    }
    fail(response, 404, -32001, "Session not found");
  }

  void reply(httplib::Response& response, const std::string& answer) {
    if (!options_.sse) return response.set_content(answer, "application/json");
    std::string stream = "id: 0\ndata:\n\n";  // the priming event
    stream +=
        "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\","
        "\"params\":{\"level\":\"info\",\"data\":\"working\"}}\n\n";
    stream += ": a comment line\n";
    stream += "event: message\nid: 1\ndata: " + answer + "\n\n";
    response.set_content(stream, "text/event-stream");
  }

  void post(const httplib::Request& request, httplib::Response& response) {
    Document message = parse(request.body);
    std::string method = rpc_method(message);
    record(request, method);
    std::string accept = request.get_header_value("Accept");
    if (accept.find("application/json") == std::string::npos ||
        accept.find("text/event-stream") == std::string::npos) {
      return fail(response, 406, -32000, "Not Acceptable");
    }
    if (message.HasParseError()) return fail(response, 400, -32700, "Parse error");
    if (method == "initialize") {
      std::string id = "fake-session-" + std::to_string(++session_count_);
      Session& session = sessions_[id];
      session.protocol = std::make_unique<Protocol>(options_);
      response.set_header("Mcp-Session-Id", id);
      return reply(response, session.protocol->handle(message));
    }
    std::string id = request.get_header_value("Mcp-Session-Id");
    if (id.empty()) return fail(response, 400, -32000, "Bad Request: Server not initialized");
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return forgotten(response);
    if (options_.expire_after > 0 && ++it->second.requests > options_.expire_after) {
      sessions_.erase(it);
      return forgotten(response);
    }
    std::string version = request.get_header_value("MCP-Protocol-Version");
    if (!version.empty() && version != it->second.protocol->protocol_version()) {
      return fail(response, 400, -32000, "Bad Request: Unsupported protocol version");
    }
    if (message.IsObject() && !message.HasMember("method") && message.HasMember("id")) {
      client_answers_[to_text(message["id"])] = request.body;  // the client answering us
      answered_.notify_all();
      response.status = 202;
      return;
    }
    if (method == "tools/call" && options_.sse && options_.drop_stream) {
      it->second.dropped_answer = it->second.protocol->handle(message);
      return response.set_content("id: fake-1\nretry: 300\ndata:\n\n", "text/event-stream");
    }
    if (method == "tools/call" && options_.sse &&
        (!options_.ask_first.empty() || options_.ping_first || options_.progress > 0)) {
      return stream_tool_call(response, id, std::move(message));
    }
    std::string answer = it->second.protocol->handle(message);
    if (answer.empty()) {
      response.status = 202;
      return;
    }
    reply(response, answer);
  }

  // --ping-first, --ask-first and --progress over HTTP: the tools/call answer is an event stream
  // that asks the client first (each of its answers arrives as a POST of its own while this
  // stream waits), then reports progress, then answers. Runs after post() returned, on the
  // connection's thread, taking the lock only to touch shared state.
  void stream_tool_call(httplib::Response& response, const std::string& session_id, Document call) {
    auto shared_call = std::make_shared<Document>(std::move(call));
    response.set_chunked_content_provider(
        "text/event-stream", [this, session_id, shared_call](size_t, httplib::DataSink& sink) {
          auto send = [&sink](const std::string& event) {
            return sink.write(event.data(), event.size());
          };
          send("id: 0\ndata:\n\n");
          std::vector<std::string> asks = options_.ask_first;
          if (options_.ping_first) asks.insert(asks.begin(), "ping");
          for (size_t n = 0; n < asks.size(); ++n) {
            const std::string id = "fake-ask-" + std::to_string(n);
            const std::string event =
                "event: message\ndata: " +
                (asks[n] == "ping" ? R"({"jsonrpc":"2.0","id":")" + id + R"(","method":"ping"})"
                                   : client_request(asks[n], id)) +
                "\n\n";
            if (options_.ask_via_get) {
              Lock lock(mutex_);
              get_stream_events_[session_id].push_back(event);
              answered_.notify_all();
            } else {
              send(event);
            }
            if (!take_client_answer(session_id, "\"" + id + "\"", asks[n] == "ping")) return false;
          }
          const std::string token = progress_token_of(*shared_call);
          for (int step = 1; !token.empty() && step <= options_.progress; ++step) {
            std::this_thread::sleep_for(std::chrono::milliseconds(options_.progress_gap_ms));
            send("event: message\ndata: " + progress_notification(token, step, options_.progress) +
                 "\n\n");
          }
          std::string answer;
          {
            Lock lock(mutex_);
            auto session = sessions_.find(session_id);
            if (session == sessions_.end()) return false;
            answer = session->second.protocol->handle(*shared_call);
          }
          send("event: message\nid: 1\ndata: " + answer + "\n\n");
          sink.done();
          return true;
        });
  }

  // --ask-via-get: the session's GET stream, writing what tools/call queues for it, until the
  // session is deleted or the client leaves (kAnswerWait of silence at most).
  void listen(httplib::Response& response, const std::string& session_id) {
    auto idle_ticks = std::make_shared<int>(0);
    response.set_chunked_content_provider(
        "text/event-stream", [this, session_id, idle_ticks](size_t, httplib::DataSink& sink) {
          Lock lock(mutex_);
          std::vector<std::string>& queued = get_stream_events_[session_id];
          answered_.wait_for(lock, std::chrono::milliseconds(100),
                             [&] { return !queued.empty() || sessions_.count(session_id) == 0; });
          if (sessions_.count(session_id) == 0 || ++*idle_ticks > 100) {
            sink.done();
            return true;
          }
          std::string events = ":\n";  // a keep-alive, failing once the client has gone
          for (const std::string& event : std::exchange(queued, {})) events += event;
          if (events.size() > 2) *idle_ticks = 0;
          return sink.write(events.data(), events.size());
        });
  }

  // Waits for the client's answer to our request `id` (JSON text) and keeps it for inspect.
  bool take_client_answer(const std::string& session_id, const std::string& id, bool ping) {
    Lock lock(mutex_);
    if (!answered_.wait_for(lock, kAnswerWait, [&] { return client_answers_.count(id) > 0; })) {
      return false;
    }
    auto session = sessions_.find(session_id);
    if (session == sessions_.end()) return false;
    if (ping) {
      ++session->second.protocol->pings_answered;
    } else {
      session->second.protocol->client_answers.push_back(client_answers_[id]);
    }
    client_answers_.erase(id);
    return true;
  }

  // GET /mcp: --drop-stream's resumption, the answer and then a stream held open until the
  // client leaves (kAnswerWait at most). Nothing to resume: 405, no GET stream offered.
  void resume(const httplib::Request& request, httplib::Response& response) {
    record(request, "");
    const std::string session_id = request.get_header_value("Mcp-Session-Id");
    if (options_.ask_via_get && sessions_.count(session_id) > 0 &&
        request.get_header_value("Last-Event-ID").empty()) {
      return listen(response, session_id);
    }
    auto session = sessions_.find(session_id);
    if (session == sessions_.end() || session->second.dropped_answer.empty() ||
        request.get_header_value("Last-Event-ID") != "fake-1") {
      response.status = 405;
      return;
    }
    std::string answer = std::exchange(session->second.dropped_answer, "");
    auto ticks = std::make_shared<int>(0);
    response.set_chunked_content_provider(
        "text/event-stream", [answer, ticks](size_t, httplib::DataSink& sink) {
          if (*ticks == 0) {
            const std::string event = "id: fake-2\ndata: " + answer + "\n\n";
            sink.write(event.data(), event.size());
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
          if (++*ticks >= 100) {
            sink.done();
            return true;
          }
          return sink.write(":\n", 2);  // fails once the client has gone
        });
  }

  const Options& options_;
  httplib::Server server_;
  std::unique_ptr<FakeOAuth> oauth_;  // --oauth
  std::mutex mutex_;
  std::map<std::string, Session> sessions_;
  int session_count_ = 0;
  std::vector<std::string> log_;
  std::condition_variable answered_;
  std::map<std::string, std::string> client_answers_;  // by the id (JSON text) they answer
  std::map<std::string, std::vector<std::string>> get_stream_events_;  // by session id
};

}  // namespace
}  // namespace kosmo::fake_mcp

int main(int argc, char** argv) {
  using namespace kosmo::fake_mcp;
  Options options;
  try {
    options = parse_options(argc, argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "kosmo_fake_mcp: %s\n", error.what());
    return 2;
  }
  std::ios::sync_with_stdio(false);
  prepare(options);
  if (options.http) return HttpFrontEnd(options).run();
  return run_stdio(options);
}
