#pragma once
// The fake server's MCP methods, shared by its stdio and HTTP front ends: initialize, tools
// (list with paging, call), resources, prompts, and errors for the rest. Header-only so the fake
// stays one translation unit with no dependency on kosmo's own (tested) code.
#include <dirent.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "fake_mcp_options.h"

extern char** environ;

namespace kosmo::fake_mcp {

using Document = rapidjson::Document;
using Value = rapidjson::Value;

inline std::string to_text(const Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

inline Document parse(const std::string& text) {
  Document document;
  document.Parse(text.data(), text.size());
  return document;
}

// Eleven tools: with --page-size 4 a listing takes three pages.
inline constexpr const char* kTools = R"json([
 {"name":"echo","description":"Returns the message","annotations":{"readOnlyHint":true},
  "inputSchema":{"type":"object","properties":{"message":{"type":"string"}},
                 "required":["message"]}},
 {"name":"add","description":"Adds two numbers","annotations":{"readOnlyHint":true},
  "inputSchema":{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}}}},
 {"name":"get-weather","description":"Structured output","annotations":{"readOnlyHint":true},
  "inputSchema":{"type":"object","properties":{"city":{"type":"string"}}},
  "outputSchema":{"type":"object",
                  "properties":{"city":{"type":"string"},"celsius":{"type":"number"}}}},
 {"name":"create_issue","description":"A write tool (no annotations)",
  "inputSchema":{"type":"object","properties":{"title":{"type":"string"}}}},
 {"name":"fail","description":"Always an isError result","inputSchema":{"type":"object"}},
 {"name":"huge","description":"A text of `bytes` bytes","annotations":{"readOnlyHint":true},
  "inputSchema":{"type":"object","properties":{"bytes":{"type":"integer"}}}},
 {"name":"sleep","description":"Answers after `ms` milliseconds","inputSchema":{"type":"object"}},
 {"name":"exit_now","description":"Exits without answering","inputSchema":{"type":"object"}},
 {"name":"image","description":"Text and image blocks","inputSchema":{"type":"object"}},
 {"name":"get_env","description":"The server's environment","inputSchema":{"type":"object"}},
 {"name":"inspect","description":"What the server received","inputSchema":{"type":"object"}}
])json";

class Protocol {
 public:
  explicit Protocol(const Options& options) : options_(options), tools_(parse(kTools)) {}

  // The reply to one message: a response text, or "" (notifications, responses, and initialize
  // under --no-initialize).
  std::string handle(const Document& message) {
    if (!message.IsObject() || !message.HasMember("method") || !message["method"].IsString()) {
      return "";
    }
    std::string method = message["method"].GetString();
    if (!message.HasMember("id")) {
      notifications_.push_back(method);
      return "";
    }
    const Value& id = message["id"];
    static const Value kNoParams(rapidjson::kObjectType);
    const Value& params = message.HasMember("params") ? message["params"] : kNoParams;
    if (method == "tools/call" && params.IsObject() && params.HasMember("_meta") &&
        params["_meta"].IsObject() && params["_meta"].HasMember("progressToken")) {
      progress_tokens_.push_back(to_text(params["_meta"]["progressToken"]));
    }
    Document result(rapidjson::kObjectType);
    if (method == "initialize") {
      if (options_.no_initialize) return "";
      initialize(params, result);
    } else if (method == "ping") {
      // {} as it is.
    } else if (method == "tools/list") {
      list_tools(params, result);
    } else if (method == "tools/call") {
      std::string name = string_of(params, "name");
      if (!call_tool(name, params, result)) {
        return error(id, -32602, "Unknown tool: " + name);
      }
    } else if (method == "resources/list") {
      result.AddMember("resources",
                       Value(parse(R"([{"uri":"fake://readme","name":"readme",
                                       "mimeType":"text/plain"}])"),
                             result.GetAllocator()),
                       result.GetAllocator());
    } else if (method == "resources/read") {
      if (string_of(params, "uri") != "fake://readme")
        return error(id, -32002, "Resource not found");
      result.CopyFrom(parse(R"({"contents":[{"uri":"fake://readme","mimeType":"text/plain",
        "text":"Fake README"}]})"),
                      result.GetAllocator());
    } else if (method == "prompts/list") {
      result.AddMember("prompts",
                       Value(parse(R"([{"name":"summarize","description":"Summarize a topic",
                                       "arguments":[{"name":"topic","required":true}]}])"),
                             result.GetAllocator()),
                       result.GetAllocator());
    } else if (method == "prompts/get") {
      prompt(params, result);
    } else {
      return error(id, -32601, "Method not found: " + method);
    }
    return response(id, result);
  }

  static std::string response(const Value& id, const Value& result) {
    return R"({"jsonrpc":"2.0","id":)" + to_text(id) + R"(,"result":)" + to_text(result) + "}";
  }
  static std::string error(const Value& id, int code, const std::string& message) {
    Value text(message.c_str(), static_cast<rapidjson::SizeType>(message.size()));
    return R"({"jsonrpc":"2.0","id":)" + to_text(id) + R"(,"error":{"code":)" +
           std::to_string(code) + R"(,"message":)" + to_text(text) + R"(,"data":{"fake":true}}})";
  }

  const std::string& protocol_version() const { return version_; }

 private:
  static std::string string_of(const Value& object, const char* key) {
    if (!object.IsObject() || !object.HasMember(key) || !object[key].IsString()) return "";
    return object[key].GetString();
  }
  static double number_of(const Value& object, const char* key, double fallback) {
    if (!object.IsObject() || !object.HasMember(key) || !object[key].IsNumber()) return fallback;
    return object[key].GetDouble();
  }

  void initialize(const Value& params, Document& result) {
    initialize_params_ = to_text(params);
    std::string asked = string_of(params, "protocolVersion");
    bool known = asked == "2025-11-25" || asked == "2025-06-18" || asked == "2025-03-26";
    version_ = !options_.protocol_version.empty() ? options_.protocol_version
               : known                            ? asked
                                                  : "2025-06-18";
    std::string capabilities =
        options_.bare ? R"({"tools":{}})" : R"({"tools":{},"resources":{},"prompts":{}})";
    result.Parse((R"({"protocolVersion":")" + version_ + R"(","capabilities":)" + capabilities +
                  R"(,"serverInfo":{"name":"fake-mcp","version":"1.0.0"}})")
                     .c_str());
  }

  void list_tools(const Value& params, Document& result) {
    auto& allocator = result.GetAllocator();
    size_t total = tools_.Size();
    size_t size = options_.page_size > 0 ? static_cast<size_t>(options_.page_size) : total;
    size_t start = 0;
    std::string cursor = string_of(params, "cursor");
    if (!cursor.empty() && !options_.repeat_cursor) start = std::stoul(cursor.substr(5));
    Value page(rapidjson::kArrayType);
    for (size_t i = start; i < total && i < start + size; ++i) {
      page.PushBack(Value(tools_[static_cast<rapidjson::SizeType>(i)], allocator), allocator);
    }
    result.AddMember("tools", page, allocator);
    if (options_.repeat_cursor) {
      result.AddMember("nextCursor", "page-again", allocator);
    } else if (start + size < total) {
      std::string next = "page-" + std::to_string(start + size);
      result.AddMember("nextCursor", Value(next.c_str(), allocator), allocator);
    }
  }

  static void text_result(Document& result, const std::string& text) {
    auto& allocator = result.GetAllocator();
    Value content(rapidjson::kArrayType);
    Value block(rapidjson::kObjectType);
    block.AddMember("type", "text", allocator);
    block.AddMember("text",
                    Value(text.c_str(), static_cast<rapidjson::SizeType>(text.size()), allocator),
                    allocator);
    content.PushBack(block, allocator);
    result.AddMember("content", content, allocator);
  }

  bool call_tool(const std::string& name, const Value& params, Document& result) {
    static const Value kNone(rapidjson::kObjectType);
    const Value& args = params.HasMember("arguments") ? params["arguments"] : kNone;
    if (name == "echo") {
      text_result(result, string_of(args, "message"));
    } else if (name == "add") {
      double sum = number_of(args, "a", 0) + number_of(args, "b", 0);
      text_result(result, std::to_string(static_cast<long long>(sum)));
    } else if (name == "get-weather") {
      std::string city = string_of(args, "city");
      std::string json = R"({"city":")" + city + R"(","celsius":21})";
      text_result(result, json);
      result.AddMember("structuredContent", Value(parse(json), result.GetAllocator()),
                       result.GetAllocator());
    } else if (name == "create_issue") {
      text_result(result, R"({"created":true,"title":")" + string_of(args, "title") + "\"}");
    } else if (name == "fail") {
      text_result(result, "Something went wrong");
      result.AddMember("structuredContent",
                       Value(parse(R"({"reason":"broken","retry":false})"), result.GetAllocator()),
                       result.GetAllocator());
      result.AddMember("isError", true, result.GetAllocator());
    } else if (name == "huge") {
      text_result(result, std::string(static_cast<size_t>(number_of(args, "bytes", 5 << 20)), 'x'));
    } else if (name == "sleep") {
      std::this_thread::sleep_for(
          std::chrono::milliseconds(static_cast<int>(number_of(args, "ms", 1000))));
      text_result(result, "slept");
    } else if (name == "exit_now") {
      std::fputs("fake mcp: crashing on purpose\n", stderr);
      std::fflush(stderr);
      _exit(3);
    } else if (name == "image") {
      result.CopyFrom(parse(R"({"content":[{"type":"text","text":"a pixel"},
        {"type":"image","data":"iVBORw0KGgo=","mimeType":"image/png"}]})"),
                      result.GetAllocator());
    } else if (name == "get_env") {
      environment(result);
    } else if (name == "inspect") {
      inspect(result);
    } else {
      return false;
    }
    return true;
  }

  static void environment(Document& result) {
    auto& allocator = result.GetAllocator();
    Value variables(rapidjson::kObjectType);
    for (char** entry = environ; *entry != nullptr; ++entry) {
      std::string text(*entry);
      size_t equals = text.find('=');
      if (equals == std::string::npos) continue;
      variables.AddMember(Value(text.substr(0, equals).c_str(), allocator),
                          Value(text.substr(equals + 1).c_str(), allocator), allocator);
    }
    Value structured(rapidjson::kObjectType);
    structured.AddMember("env", variables, allocator);
    structured.AddMember("cwd", Value(std::filesystem::current_path().c_str(), allocator),
                         allocator);
    text_result(result, "environment");
    result.AddMember("structuredContent", structured, allocator);
  }

  void inspect(Document& result) {
    auto& allocator = result.GetAllocator();
    Value structured(rapidjson::kObjectType);
    structured.AddMember("initialize", Value(parse(initialize_params_), allocator), allocator);
    Value seen(rapidjson::kArrayType);
    for (const std::string& method : notifications_)
      seen.PushBack(Value(method.c_str(), allocator), allocator);
    structured.AddMember("notifications", seen, allocator);
    structured.AddMember("pings_answered", pings_answered, allocator);
    Value answers(rapidjson::kArrayType);
    for (const std::string& answer : client_answers)
      answers.PushBack(Value(parse(answer), allocator), allocator);
    structured.AddMember("client_answers", answers, allocator);
    Value tokens(rapidjson::kArrayType);
    for (const std::string& token : progress_tokens_)
      tokens.PushBack(Value(parse(token), allocator), allocator);
    structured.AddMember("progress_tokens", tokens, allocator);
    Value fds(rapidjson::kArrayType);
    for (int fd : open_descriptors()) fds.PushBack(fd, allocator);
    structured.AddMember("open_fds", fds, allocator);
    text_result(result, "inspected");
    result.AddMember("structuredContent", structured, allocator);
  }

  // The descriptors this process holds, ascending, from /proc/self/fd (the listing's own
  // descriptor left out): what kosmo let the server inherit.
  static std::vector<int> open_descriptors() {
    std::vector<int> fds;
    DIR* directory = opendir("/proc/self/fd");
    if (directory == nullptr) return fds;
    while (const dirent* entry = readdir(directory)) {
      if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
      const int fd = std::atoi(entry->d_name);
      if (fd != dirfd(directory)) fds.push_back(fd);
    }
    closedir(directory);
    std::sort(fds.begin(), fds.end());
    return fds;
  }

  void prompt(const Value& params, Document& result) {
    static const Value kNone(rapidjson::kObjectType);
    const Value& args = params.HasMember("arguments") ? params["arguments"] : kNone;
    std::string text = "Summarize " + string_of(args, "topic");
    result.Parse((R"({"messages":[{"role":"user","content":{"type":"text","text":)" +
                  to_text(Value(text.c_str(), static_cast<rapidjson::SizeType>(text.size()))) +
                  "}}]}")
                     .c_str());
  }

  const Options& options_;
  Document tools_;
  std::string version_;
  std::string initialize_params_ = "{}";
  std::vector<std::string> notifications_;
  std::vector<std::string> progress_tokens_;  // of every tools/call, as JSON text

 public:
  int pings_answered = 0;  // counted by the stdio front end
  // The client's answers (whole messages) to the requests of --ask-first, in order.
  std::vector<std::string> client_answers;
};

}  // namespace kosmo::fake_mcp
