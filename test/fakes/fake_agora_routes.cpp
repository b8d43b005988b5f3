// The fake Agora API under /agora, as Agora documents it: the Console RESTful API
// (/dev/v1/projects, /dev/v1/project) and the Cloud Recording RESTful API
// (/v1/apps/{appid}/cloud_recording/..., /v1/ncs/ip), both with Basic customer credentials.
// It is strict where Agora is: a path Agora does not serve is its gateway's 404, and a query
// parameter, body field or clientRequest field an endpoint does not define is a 400 in that
// API's error shape (Console {"message"}, Cloud Recording {"code": 2, "reason"}), so a request
// that drifts from the documented API fails its test.
#include <algorithm>
#include <initializer_list>
#include <optional>

#include "fakes/fake_vendor_routes.h"

namespace kosmo::fakes {
namespace {

constexpr const char kConsole[] = "/agora/dev/v1";
constexpr const char kCloud[] = "/agora/v1/apps/([^/]+)/cloud_recording";
constexpr const char kSession[] = "/resourceid/([^/]+)/sid/([^/]+)/mode/([^/]+)";

// The account's projects (Console API shapes; docs "Get all projects"). abc123 is the seed's
// example ID.
constexpr std::string_view kProjects = R"([
  {"id": "abc123", "name": "my-video-app", "vendor_key": "4855xxxxxxxxxxxxxxxxxxxxxxxxeae2",
   "sign_key": "4855xxxxxxxxxxxxxxxxxxxxxxxxeae2", "recording_server": null, "status": 1,
   "created": 1464165672},
  {"id": "rkKbefMME", "name": "project1", "vendor_key": "eb00cd2b222a4eeaa24fc6046d90b227",
   "sign_key": "", "recording_server": null, "status": 0, "created": 1637153755}])";

constexpr const char kResourceId[] =
    "JyvK8nXHuV1BE64GDkAaBGEscvtHW7v8BrQoRPCHxmeVxwY22-x-kv4GdPcjZeMzoCBUCOr9q";
constexpr const char kSid[] = "38f8e3cfdc474cd56fc1ceba380d7e1a";

constexpr std::string_view kNotificationIps = R"({"data": {"service": {"hosts": [
  {"primaryIP": "203.0.113.10"}, {"primaryIP": "203.0.113.11"}]}}})";

using Names = std::initializer_list<const char*>;

bool listed(Names names, const std::string& name) {
  return std::any_of(names.begin(), names.end(), [&name](const char* n) { return name == n; });
}

// The first query parameter not in `allowed`, if any.
std::optional<std::string> unknown_query(const RouteRequest& request, Names allowed) {
  for (const auto& entry : request.params) {
    if (!listed(allowed, entry.first)) return entry.first;
  }
  return std::nullopt;
}

// The first member of `object` not in `allowed`, if any.
std::optional<std::string> unknown_member(const rapidjson::Value& object, Names allowed) {
  for (const auto& member : object.GetObject()) {
    const std::string name(member.name.GetString(), member.name.GetStringLength());
    if (!listed(allowed, name)) return name;
  }
  return std::nullopt;
}

rapidjson::Document body_of(const RouteRequest& request) {
  rapidjson::Document body;
  body.Parse(request.raw.body.c_str());
  if (body.HasParseError() || !body.IsObject()) body.SetObject();
  return body;
}

std::string string_member(const rapidjson::Value& object, const char* key) {
  auto found = object.FindMember(key);
  return found != object.MemberEnd() && found->value.IsString() ? found->value.GetString() : "";
}

// Console errors: the docs send readers to the body's `message`.
Reply console_error(int status, const std::string& message) {
  rapidjson::Document doc(rapidjson::kObjectType);
  set_string(doc, doc, "message", message);
  return json_reply(doc, status);
}

// Cloud Recording's invalid-parameter answer (status codes page): 400 {"code": 2, "reason"}.
Reply invalid_parameter(const std::string& reason) {
  rapidjson::Document doc(rapidjson::kObjectType);
  doc.AddMember("code", 2, doc.GetAllocator());
  set_string(doc, doc, "reason", reason);
  return json_reply(doc, 400);
}

// Both APIs sit behind a gateway that answers 401 {"message"} without Basic credentials.
Responder requiring_basic(Responder respond) {
  return [respond = std::move(respond)](const RouteRequest& request) {
    const std::string authorization = request.raw.header("authorization");
    if (authorization.empty()) return console_error(401, "Unauthorized");
    if (authorization.rfind("Basic ", 0) != 0 || authorization.size() == 6) {
      return console_error(401, "Invalid authentication credentials");
    }
    return respond(request);
  };
}

Route console(const char* method, const std::string& tail, Responder respond) {
  return {method, kConsole + tail, requiring_basic(std::move(respond))};
}

Route cloud(const char* method, const std::string& tail, Responder respond) {
  return {method, kCloud + tail, requiring_basic(std::move(respond))};
}

Reply list_projects(const RouteRequest& request) {
  if (auto name = unknown_query(request, {})) return console_error(400, "unknown query: " + *name);
  rapidjson::Document doc(rapidjson::kObjectType);
  set_member(doc, doc, "projects", parse_json(kProjects));
  return json_reply(doc);
}

// GET /dev/v1/project?id=&name=: a one-element {"projects": [...]}, or 404 {"error_msg"}.
Reply get_project(const RouteRequest& request) {
  if (auto name = unknown_query(request, {"id", "name"})) {
    return console_error(400, "unknown query: " + *name);
  }
  const std::string id = request.param("id");
  const std::string name = request.param("name");
  if (id.empty() && name.empty()) return console_error(400, "id or name is required");
  const rapidjson::Document projects = parse_json(kProjects);
  for (const auto& project : projects.GetArray()) {
    if (!id.empty() && id != string_member(project, "id")) continue;
    if (!name.empty() && name != string_member(project, "name")) continue;
    rapidjson::Document doc(rapidjson::kObjectType);
    rapidjson::Value list(rapidjson::kArrayType);
    list.PushBack(rapidjson::Value(project, doc.GetAllocator()), doc.GetAllocator());
    doc.AddMember("projects", list, doc.GetAllocator());
    return json_reply(doc);
  }
  return json_reply(R"({"error_msg": "project not exist"})", 404);
}

// POST /dev/v1/project {name, enable_sign_key}: both required, nothing else; 201 {"project"}.
Reply create_project(const RouteRequest& request) {
  if (auto name = unknown_query(request, {})) return console_error(400, "unknown query: " + *name);
  const rapidjson::Document body = body_of(request);
  if (auto field = unknown_member(body, {"name", "enable_sign_key"})) {
    return console_error(400, "unknown field: " + *field);
  }
  const std::string name = string_member(body, "name");
  if (name.empty() || name.size() > 255) return console_error(400, "name is invalid");
  auto sign = body.FindMember("enable_sign_key");
  if (sign == body.MemberEnd() || !sign->value.IsBool()) {
    return console_error(400, "enable_sign_key is required");
  }
  rapidjson::Document project = parse_json(R"({"id": "pRj9kx2Qa", "name": "",
    "vendor_key": "7d72365eb983485397e3e3f9d460bdda", "sign_key": "", "recording_server": null,
    "status": 1, "created": 1700000000})");
  set_string(project, project, "name", name);
  if (sign->value.GetBool()) set_string(project, project, "sign_key", "b3b1d2fb5c8b4b3e9a21c5f0");
  rapidjson::Document doc(rapidjson::kObjectType);
  set_member(doc, doc, "project", project);
  return json_reply(doc, 201);
}

// {"cname", "uid", "resourceId"[, "sid"]}: what acquire, start, update and updateLayout answer.
Reply session(const rapidjson::Value& body, const std::string& resource_id,
              const std::string& sid) {
  rapidjson::Document doc(rapidjson::kObjectType);
  set_string(doc, doc, "cname", string_member(body, "cname"));
  set_string(doc, doc, "uid", string_member(body, "uid"));
  set_string(doc, doc, "resourceId", resource_id);
  if (!sid.empty()) set_string(doc, doc, "sid", sid);
  return json_reply(doc);
}

// Every Cloud Recording POST: no query, a body of exactly cname, uid and a clientRequest object
// whose fields are the endpoint's own (`client_fields`, from its API reference page).
std::optional<Reply> invalid_cloud_request(const RouteRequest& request,
                                           const rapidjson::Document& body, Names client_fields) {
  if (auto name = unknown_query(request, {})) return invalid_parameter("unknown query " + *name);
  if (auto field = unknown_member(body, {"cname", "uid", "clientRequest"})) {
    return invalid_parameter("unknown field " + *field);
  }
  for (const char* key : {"cname", "uid"}) {
    if (string_member(body, key).empty())
      return invalid_parameter(std::string(key) + " is required");
  }
  if (!body.HasMember("clientRequest") || !body["clientRequest"].IsObject()) {
    return invalid_parameter("clientRequest must be an object");
  }
  if (auto field = unknown_member(body["clientRequest"], client_fields)) {
    return invalid_parameter("unknown field clientRequest." + *field);
  }
  return std::nullopt;
}

bool known_mode(const std::string& mode) {
  return mode == "individual" || mode == "mix" || mode == "web";
}

Reply acquire(const RouteRequest& request) {
  const rapidjson::Document body = body_of(request);
  if (auto invalid = invalid_cloud_request(request, body,
                                           {"scene", "resourceExpiredHour", "excludeResourceIds",
                                            "region", "regionAffinity", "startParameter"})) {
    return *invalid;
  }
  const rapidjson::Value& client = body["clientRequest"];
  auto hours = client.FindMember("resourceExpiredHour");
  if (hours != client.MemberEnd() &&
      (!hours->value.IsInt() || hours->value.GetInt() < 1 || hours->value.GetInt() > 720)) {
    return invalid_parameter("Acquire: invalid resourceExpiredHour value!");
  }
  return session(body, kResourceId, "");
}

// captures: app id, resource id, mode. Agora requires storageConfig to start.
Reply start(const RouteRequest& request) {
  if (!known_mode(request.captures[2])) return invalid_parameter("invalid mode");
  const rapidjson::Document body = body_of(request);
  if (auto invalid =
          invalid_cloud_request(request, body,
                                {"token", "storageConfig", "recordingConfig", "recordingFileConfig",
                                 "snapshotConfig", "extensionServiceConfig"})) {
    return *invalid;
  }
  if (!body["clientRequest"].HasMember("storageConfig")) {
    return invalid_parameter("clientRequest.storageConfig is required");
  }
  return session(body, request.captures[1], kSid);
}

// captures: app id, resource id, sid, mode.
Reply update(const RouteRequest& request) {
  if (!known_mode(request.captures[3])) return invalid_parameter("invalid mode");
  const rapidjson::Document body = body_of(request);
  if (auto invalid = invalid_cloud_request(
          request, body,
          {"streamSubscribe", "webRecordingConfig", "rtmpPublishConfig", "storageConfig"})) {
    return *invalid;
  }
  return session(body, request.captures[1], request.captures[2]);
}

Reply update_layout(const RouteRequest& request) {
  if (request.captures[3] != "mix") return invalid_parameter("updateLayout needs mode mix");
  const rapidjson::Document body = body_of(request);
  if (auto invalid = invalid_cloud_request(
          request, body,
          {"mixedVideoLayout", "maxResolutionUid", "backgroundColor", "backgroundImage",
           "defaultUserBackgroundImage", "layoutConfig", "backgroundConfig"})) {
    return *invalid;
  }
  return session(body, request.captures[1], request.captures[2]);
}

// query and stop: {"resourceId", "sid", "cname", "uid", "serverResponse": {...}}.
Reply session_state(const RouteRequest& request, bool stopped) {
  if (!known_mode(request.captures[3])) return invalid_parameter("invalid mode");
  rapidjson::Document doc =
      parse_json(stopped ? R"({"cname": "team-standup", "uid": "527841", "serverResponse": {
                    "fileListMode": "string",
                    "fileList": "38f8e3cfdc474cd56fc1ceba380d7e1a_team-standup.m3u8",
                    "uploadingStatus": "uploaded"}})"
                         : R"({"cname": "team-standup", "uid": "527841", "serverResponse": {
                    "fileListMode": "string",
                    "fileList": "38f8e3cfdc474cd56fc1ceba380d7e1a_team-standup.m3u8",
                    "status": 5, "sliceStartTime": "1562724971626"}})");
  set_string(doc, doc, "resourceId", request.captures[1]);
  set_string(doc, doc, "sid", request.captures[2]);
  if (stopped) {
    const rapidjson::Document body = body_of(request);
    if (auto invalid = invalid_cloud_request(request, body, {"async_stop"})) return *invalid;
    set_string(doc, doc, "cname", string_member(body, "cname"));
    set_string(doc, doc, "uid", string_member(body, "uid"));
  } else if (auto name = unknown_query(request, {})) {
    return invalid_parameter("unknown query " + *name);
  }
  return json_reply(doc);
}

Reply notification_ips(const RouteRequest& request) {
  if (auto name = unknown_query(request, {})) return invalid_parameter("unknown query " + *name);
  return json_reply(std::string(kNotificationIps));
}

// Agora's gateway answer to a path it does not serve (status codes page: "Incorrect request
// route"); the undocumented /projects, /recordings and /users/me end here.
Reply no_route(const RouteRequest&) {
  return console_error(404, "no Route matched with those values");
}

}  // namespace

std::vector<Route> agora_routes() {
  return {
      console("GET", "/projects", list_projects),
      console("GET", "/project", get_project),
      console("POST", "/project", create_project),
      cloud("POST", "/acquire", acquire),
      cloud("POST", "/resourceid/([^/]+)/mode/([^/]+)/start", start),
      cloud("GET", std::string(kSession) + "/query",
            [](const RouteRequest& r) { return session_state(r, false); }),
      cloud("POST", std::string(kSession) + "/update", update),
      cloud("POST", std::string(kSession) + "/updateLayout", update_layout),
      cloud("POST", std::string(kSession) + "/stop",
            [](const RouteRequest& r) { return session_state(r, true); }),
      {"GET", "/agora/v1/ncs/ip", requiring_basic(notification_ips)},
      {"GET", "/agora/.*", no_route},
      {"POST", "/agora/.*", no_route},
      {"PUT", "/agora/.*", no_route},
      {"PATCH", "/agora/.*", no_route},
      {"DELETE", "/agora/.*", no_route},
  };
}

}  // namespace kosmo::fakes
