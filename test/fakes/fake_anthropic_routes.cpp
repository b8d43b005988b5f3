// The fake Anthropic API under /v1: Messages, token counting, Message Batches, Models, the
// beta Files API and the Admin API, with the shapes of Anthropic's API reference (§5.2).
//
// Strict as the API is: a body field the endpoint does not define is refused with Anthropic's
// "<field>: Extra inputs are not permitted", and so is a query parameter (the fields are those
// of anthropic-sdk-python's *_params types and the Admin API reference); beta-only Messages
// fields need their anthropic-beta value.
#include "fakes/fake_vendor_routes.h"

namespace kosmo::fakes {
namespace {

constexpr std::string_view kMessage = R"({"id": "msg_013Zva2CMHLNnXjNJJKqJ2EF", "type": "message",
  "role": "assistant", "model": "claude-sonnet-4-20250514",
  "content": [{"type": "text", "text": "Hi! My name is Claude."}],
  "stop_reason": "end_turn", "stop_sequence": null,
  "usage": {"input_tokens": 12, "output_tokens": 9, "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0}})";

constexpr std::string_view kBatch = R"({"id": "msgbatch_013Zva2CMHLNnXjNJJKqJ2EF",
  "type": "message_batch", "processing_status": "in_progress",
  "request_counts": {"processing": 100, "succeeded": 50, "errored": 30, "canceled": 10,
                     "expired": 10},
  "ended_at": null, "created_at": "2024-08-20T18:37:24.100435Z",
  "expires_at": "2024-08-21T18:37:24.100435Z", "archived_at": null, "cancel_initiated_at": null,
  "results_url": "https://api.anthropic.com/v1/messages/batches/msgbatch_013Zva2CMHLNnXjNJJKqJ2EF/results"})";

// Two JSONL rows, deliberately not in request order (the docs say to match by custom_id).
constexpr std::string_view kBatchResults =
    R"({"custom_id":"example-2","result":{"type":"errored","error":{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"}}}}
{"custom_id":"example-1","result":{"type":"succeeded","message":{"id":"msg_01FakeResult","type":"message","role":"assistant","model":"claude-sonnet-4-20250514","content":[{"type":"text","text":"CI keeps main green."}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":14,"output_tokens":7}}}}
)";

constexpr std::string_view kModel = R"({"type": "model", "id": "claude-sonnet-4-20250514",
  "display_name": "Claude Sonnet 4", "created_at": "2025-05-22T00:00:00Z"})";

constexpr std::string_view kFile = R"({"id": "file_011CNha8iCJcU1wXNR6q4V8w", "type": "file",
  "filename": "report.pdf", "mime_type": "application/pdf", "size_bytes": 1024000,
  "created_at": "2025-04-14T12:00:00Z", "downloadable": false})";

constexpr std::string_view kOrganization = R"({"id": "12345678-1234-5678-1234-567812345678",
  "type": "organization", "name": "Organization Name"})";

constexpr std::string_view kWorkspace = R"({"id": "wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ",
  "type": "workspace", "name": "Workspace Name", "display_color": "#6C5BB9",
  "created_at": "2024-10-30T23:58:27.427722Z", "archived_at": null})";

constexpr std::string_view kUser = R"({"id": "user_01WCz1FkmYMm4gnmykNKUu3Q", "type": "user",
  "email": "user@example.com", "name": "Jane Doe", "role": "user",
  "added_at": "2024-10-30T23:58:27.427722Z"})";

constexpr std::string_view kApiKey = R"({"id": "apikey_01Rj2N8SVvo6BePZj99NhmiT",
  "type": "api_key", "name": "Developer Key", "workspace_id": "wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ",
  "created_at": "2024-10-30T23:58:27.427722Z",
  "created_by": {"id": "user_01WCz1FkmYMm4gnmykNKUu3Q", "type": "user"},
  "partial_key_hint": "sk-ant-api03-R2D...igAA", "status": "active"})";

// Bytes that are not UTF-8 (a PNG signature), so the client has to base64 them.
constexpr char kBinaryFile[] = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe";
constexpr std::string_view kTextFile = "name,score\nalice,3\n";
constexpr const char kFilesBeta[] = "files-api-2025-04-14";

// {"data": [item], "has_more": false, "first_id": id, "last_id": id}
Reply list_of(std::string_view canned) {
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& allocator = doc.GetAllocator();
  rapidjson::Document item = parse_json(canned);
  const std::string id = item["id"].GetString();
  rapidjson::Value data(rapidjson::kArrayType);
  data.PushBack(rapidjson::Value(item, allocator), allocator);
  doc.AddMember("data", data, allocator);
  doc.AddMember("has_more", false, allocator);
  set_string(doc, doc, "first_id", id);
  set_string(doc, doc, "last_id", id);
  return json_reply(doc);
}

// The canned object with "id" (and any extra string fields) replaced.
Reply one(std::string_view canned, const std::string& id,
          std::vector<std::pair<const char*, std::string>> fields = {}) {
  rapidjson::Document doc = parse_json(canned);
  set_string(doc, doc, "id", id);
  for (const auto& [key, value] : fields) set_string(doc, doc, key, value);
  return json_reply(doc);
}

Reply deleted(const std::string& id, const char* type) {
  return one(R"({"id": "", "type": ""})", id, {{"type", type}});
}

// Parses the request body into `doc`; false, with `error` filled, unless it is an object.
bool body_object(const RouteRequest& request, rapidjson::Document& doc, Reply& error) {
  doc.Parse(request.raw.body.c_str());
  if (!doc.HasParseError() && doc.IsObject()) return true;
  error = error_reply(Vendor::kAnthropic, 400, "Request body must be a JSON object");
  return false;
}

Reply extra_input(const std::string& name) {
  return error_reply(Vendor::kAnthropic, 400, name + ": Extra inputs are not permitted");
}

// The Messages fields of the SDK's MessageCreateParams, then those of the beta one only.
const std::vector<std::string_view> kMessageFields = {"model",
                                                      "messages",
                                                      "max_tokens",
                                                      "system",
                                                      "temperature",
                                                      "top_p",
                                                      "top_k",
                                                      "stop_sequences",
                                                      "stream",
                                                      "tools",
                                                      "tool_choice",
                                                      "thinking",
                                                      "metadata",
                                                      "service_tier",
                                                      "container",
                                                      "cache_control",
                                                      "inference_geo",
                                                      "output_config",
                                                      "context_management",
                                                      "mcp_servers",
                                                      "output_format",
                                                      "speed"};
const std::vector<std::string_view> kCountTokensFields = {
    "model",         "messages",      "system",
    "tools",         "tool_choice",   "thinking",
    "cache_control", "output_config", "context_management",
    "mcp_servers",   "output_format", "speed"};

// A beta-only field is refused unless the request enables its beta (anthropic-beta).
std::optional<Reply> beta_fields(const RouteRequest& request, const rapidjson::Value& sent) {
  static const std::pair<const char*, const char*> kBetaFields[] = {
      {"mcp_servers", "mcp-client-"},
      {"context_management", "context-management-"},
  };
  const std::string betas = request.raw.header("anthropic-beta");
  for (const auto& [field, beta] : kBetaFields) {
    if (sent.HasMember(field) && betas.find(beta) == std::string::npos) {
      return extra_input(field);
    }
  }
  return std::nullopt;
}

Reply create_message(const RouteRequest& request) {
  rapidjson::Document sent;
  Reply error;
  if (!body_object(request, sent, error)) return error;
  if (auto unknown = unknown_member(sent, kMessageFields)) return extra_input(*unknown);
  if (auto refused = beta_fields(request, sent)) return *refused;
  if (!sent.HasMember("model") || !sent["model"].IsString()) {
    return error_reply(Vendor::kAnthropic, 400, "model: Field required");
  }
  if (!sent.HasMember("messages") || !sent["messages"].IsArray() || sent["messages"].Empty()) {
    return error_reply(Vendor::kAnthropic, 400, "messages: Field required");
  }
  if (!sent.HasMember("max_tokens") || !sent["max_tokens"].IsInt()) {
    return error_reply(Vendor::kAnthropic, 400, "max_tokens: Field required");
  }
  rapidjson::Document message = parse_json(kMessage);
  set_member(message, message, "model", sent["model"]);
  return json_reply(message);
}

Reply count_tokens(const RouteRequest& request) {
  rapidjson::Document sent;
  Reply error;
  if (!body_object(request, sent, error)) return error;
  if (auto unknown = unknown_member(sent, kCountTokensFields)) return extra_input(*unknown);
  if (auto refused = beta_fields(request, sent)) return *refused;
  if (!sent.HasMember("model") || !sent.HasMember("messages")) {
    return error_reply(Vendor::kAnthropic, 400, "model, messages: Field required");
  }
  return json_reply(R"({"input_tokens": 2095})");
}

Reply create_batch(const RouteRequest& request) {
  rapidjson::Document sent;
  Reply error;
  if (!body_object(request, sent, error)) return error;
  if (auto unknown = unknown_member(sent, {"requests"})) return extra_input(*unknown);
  if (!sent.HasMember("requests") || !sent["requests"].IsArray()) {
    return error_reply(Vendor::kAnthropic, 400, "requests: Field required");
  }
  for (const auto& one : sent["requests"].GetArray()) {
    if (auto unknown = unknown_member(one, {"custom_id", "params"})) {
      return extra_input("requests." + *unknown);
    }
    if (one.HasMember("params")) {
      if (auto unknown = unknown_member(one["params"], kMessageFields)) {
        return extra_input("requests.params." + *unknown);
      }
    }
  }
  return json_reply(std::string(kBatch));
}

Reply get_model(const RouteRequest& request) {
  const std::string& id = request.captures[0];
  if (id.rfind("claude", 0) != 0) return error_reply(Vendor::kAnthropic, 404, "model: " + id);
  return one(kModel, id);
}

Reply file_content(const RouteRequest& request) {
  Reply reply;
  if (request.captures[0].find("text") != std::string::npos) {
    reply.content_type = "text/plain; charset=utf-8";
    reply.body = kTextFile;
  } else {
    reply.content_type = "image/png";
    reply.body.assign(kBinaryFile, sizeof kBinaryFile - 1);
  }
  return reply;
}

Reply update_user(const RouteRequest& request) {
  rapidjson::Document sent;
  Reply error;
  if (!body_object(request, sent, error)) return error;
  if (auto unknown = unknown_member(sent, {"role"})) return extra_input(*unknown);
  if (!sent.HasMember("role") || !sent["role"].IsString()) {
    return error_reply(Vendor::kAnthropic, 400, "role: Field required");
  }
  return one(kUser, request.captures[0], {{"role", sent["role"].GetString()}});
}

// Anthropic answers 401 without x-api-key and 400 without anthropic-version; the Files API
// is a beta that needs its anthropic-beta value.
Responder checked(Responder respond, bool files, std::vector<std::string_view> query) {
  return [respond = std::move(respond), files, query](const RouteRequest& request) {
    if (request.raw.header("x-api-key").empty()) {
      return error_reply(Vendor::kAnthropic, 401, "x-api-key header is required");
    }
    if (request.raw.header("anthropic-version").empty()) {
      return error_reply(Vendor::kAnthropic, 400, "anthropic-version: header is required");
    }
    if (files && request.raw.header("anthropic-beta").find(kFilesBeta) == std::string::npos) {
      return error_reply(Vendor::kAnthropic, 400,
                         "The Files API is in beta: send anthropic-beta: files-api-2025-04-14");
    }
    if (auto unknown = unknown_query_parameter(request, query)) return extra_input(*unknown);
    return respond(request);
  };
}

// `query`: the query parameters the endpoint defines; any other is refused.
Route route(const char* method, const char* path, Responder respond, bool files = false,
            std::vector<std::string_view> query = {}) {
  return {method, std::string("/v1") + path, checked(std::move(respond), files, query)};
}

Responder list(std::string_view canned) {
  return [canned](const RouteRequest&) { return list_of(canned); };
}
Responder by_id(std::string_view canned) {
  return [canned](const RouteRequest& r) { return one(canned, r.captures[0]); };
}

}  // namespace

std::vector<Route> anthropic_routes() {
  constexpr bool kFiles = true;
  constexpr bool kNotFiles = false;
  const std::vector<std::string_view> kPage = {"limit", "before_id", "after_id"};
  return {
      route("POST", "/messages", create_message),
      route("POST", "/messages/count_tokens", count_tokens),
      route("POST", "/messages/batches", create_batch),
      route("GET", "/messages/batches", list(kBatch), kNotFiles, kPage),
      route("GET", "/messages/batches/([^/]+)", by_id(kBatch)),
      route("POST", "/messages/batches/([^/]+)/cancel",
            [](const RouteRequest& r) {
              return one(kBatch, r.captures[0],
                         {{"processing_status", "canceling"},
                          {"cancel_initiated_at", "2024-08-20T18:40:00.000000Z"}});
            }),
      route("DELETE", "/messages/batches/([^/]+)",
            [](const RouteRequest& r) { return deleted(r.captures[0], "message_batch_deleted"); }),
      route("GET", "/messages/batches/([^/]+)/results",
            [](const RouteRequest&) {
              return Reply{200, "application/x-jsonl", std::string(kBatchResults), {}};
            }),
      route("GET", "/models", list(kModel), kNotFiles, kPage),
      route("GET", "/models/([^/]+)", get_model),
      route("GET", "/files", list(kFile), kFiles, {"limit", "before_id", "after_id", "scope_id"}),
      route("GET", "/files/([^/]+)", by_id(kFile), kFiles),
      route(
          "DELETE", "/files/([^/]+)",
          [](const RouteRequest& r) { return deleted(r.captures[0], "file_deleted"); }, kFiles),
      route("GET", "/files/([^/]+)/content", file_content, kFiles),
      route("GET", "/organizations/me",
            [](const RouteRequest&) { return json_reply(std::string(kOrganization)); }),
      route("GET", "/organizations/workspaces", list(kWorkspace), kNotFiles,
            {"limit", "before_id", "after_id", "include_archived"}),
      route("GET", "/organizations/workspaces/([^/]+)", by_id(kWorkspace)),
      route("GET", "/organizations/users", list(kUser), kNotFiles,
            {"limit", "before_id", "after_id", "email"}),
      route("GET", "/organizations/users/([^/]+)", by_id(kUser)),
      route("POST", "/organizations/users/([^/]+)", update_user),
      route("DELETE", "/organizations/users/([^/]+)",
            [](const RouteRequest& r) { return deleted(r.captures[0], "user_deleted"); }),
      route("GET", "/organizations/api_keys", list(kApiKey), kNotFiles,
            {"limit", "before_id", "after_id", "status", "workspace_id", "created_by_user_id"}),
      route("GET", "/organizations/api_keys/([^/]+)", by_id(kApiKey)),
  };
}

}  // namespace kosmo::fakes
