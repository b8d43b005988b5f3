// The fake Agora API under /agora. Two generations share the prefix, as they share kosmo's one
// `url` override: the legacy endpoints the seed functions call (/projects, /recordings,
// /users/me with a Bearer key; not Agora's documented API, shapes from reference §5.4 and the
// seed's examples) and the Cloud Recording RESTful API (/v1/apps/{appid}/cloud_recording/...,
// /v1/ncs/ip) with Basic customer credentials, as Agora documents it.
#include <optional>

#include "fakes/fake_vendor_routes.h"

namespace kosmo::fakes {
namespace {

constexpr const char kRoot[] = "/agora";
constexpr const char kCloud[] = "/agora/v1/apps/([^/]+)/cloud_recording";

constexpr std::string_view kProject = R"({"id": "rkKbefMME", "name": "project1",
  "app_id": "4855xxxxxxxxxxxxxxxxxxxxxxxxeae2", "vendor_key": "4855xxxxxxxxxxxxxxxxxxxxxxxxeae2",
  "sign_key": "4855xxxxxxxxxxxxxxxxxxxxxxxxeae2", "recording_server": null, "status": 1,
  "created": 1546948608688})";

constexpr std::string_view kRecording = R"({"sid": "38f8e3cfdc474cd56fc1ceba380d7e1a",
  "resource_id": "JyvK8nXHuV1BE64GDkAaBGEscvtHW7v8BrQoRPCHxmeVxwY22-x-kv4GdPcjZeMzoCBUCOr9q",
  "cname": "meeting-room", "uid": "527841", "status": "completed", "start_ts": 1700000000,
  "end_ts": 1700003600})";

constexpr std::string_view kRecordingDetail = R"({"sid": "38f8e3cfdc474cd56fc1ceba380d7e1a",
  "cname": "meeting-room", "status": "completed",
  "file_list": [{"filename": "38f8e3cf_meeting-room.m3u8",
                 "download_url": "https://bucket.example/38f8e3cf_meeting-room.m3u8"}]})";

constexpr std::string_view kCurrentUser =
    R"({"id": "u_123", "name": "Ada Lovelace", "email": "ada@example.com"})";

constexpr const char kResourceId[] =
    "JyvK8nXHuV1BE64GDkAaBGEscvtHW7v8BrQoRPCHxmeVxwY22-x-kv4GdPcjZeMzoCBUCOr9q";
constexpr const char kSid[] = "38f8e3cfdc474cd56fc1ceba380d7e1a";

constexpr std::string_view kNotificationIps = R"({"data": {"service": {"hosts": [
  {"primaryIP": "203.0.113.10"}, {"primaryIP": "203.0.113.11"}]}}})";

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

Reply with_string(std::string_view canned, const char* key, const std::string& value) {
  rapidjson::Document doc = parse_json(canned);
  set_string(doc, doc, key, value);
  return json_reply(doc);
}

// {"data": [item], "total": 1}: the list shape the seed's examples read.
Reply data_list(std::string_view item) {
  return json_reply(R"({"data": [)" + std::string(item) + R"(], "total": 1})");
}

// {"cname", "uid", "resourceId"[, "sid"]}: what acquire, start, update and the legacy start
// answer, echoing the channel of the request.
Reply session(const rapidjson::Value& body, const std::string& resource_id,
              const std::string& sid) {
  rapidjson::Document doc(rapidjson::kObjectType);
  set_string(doc, doc, "cname", string_member(body, "cname"));
  set_string(doc, doc, "uid", string_member(body, "uid"));
  set_string(doc, doc, "resourceId", resource_id);
  if (!sid.empty()) set_string(doc, doc, "sid", sid);
  return json_reply(doc);
}

// Cloud Recording POSTs need cname, uid and a clientRequest object (Agora answers 400 else).
std::optional<Reply> invalid_cloud_body(const rapidjson::Document& body) {
  for (const char* key : {"cname", "uid"}) {
    if (string_member(body, key).empty()) {
      return error_reply(Vendor::kAgora, 400, std::string(key) + " is required");
    }
  }
  if (!body.HasMember("clientRequest") || !body["clientRequest"].IsObject()) {
    return error_reply(Vendor::kAgora, 400, "clientRequest must be an object");
  }
  return std::nullopt;
}

bool known_mode(const std::string& mode) {
  return mode == "individual" || mode == "mix" || mode == "web";
}

Reply create_project(const RouteRequest& request) {
  const rapidjson::Document body = body_of(request);
  const std::string name = string_member(body, "name");
  if (name.empty()) return error_reply(Vendor::kAgora, 400, "name is required");
  rapidjson::Document project = parse_json(kProject);
  set_string(project, project, "name", name);
  const bool sign =
      body.HasMember("sign_key") && body["sign_key"].IsBool() && body["sign_key"].GetBool();
  if (!sign) set_string(project, project, "sign_key", "");
  return json_reply(project, 201);
}

Reply legacy_start(const RouteRequest& request) {
  const rapidjson::Document body = body_of(request);
  if (string_member(body, "cname").empty() || string_member(body, "uid").empty()) {
    return error_reply(Vendor::kAgora, 400, "cname and uid are required");
  }
  return session(body, kResourceId, kSid);
}

// captures: app id, resource id, mode (start) or app id, resource id, sid, mode (the rest).
// Start answers a new sid, update and updateLayout the session's own.
Reply cloud_post(const RouteRequest& request, const std::string& mode, const std::string& sid) {
  if (!known_mode(mode)) return error_reply(Vendor::kAgora, 400, "invalid mode: " + mode);
  const rapidjson::Document body = body_of(request);
  if (auto invalid = invalid_cloud_body(body)) return *invalid;
  return session(body, request.captures[1], sid);
}

Reply acquire(const RouteRequest& request) {
  const rapidjson::Document body = body_of(request);
  if (auto invalid = invalid_cloud_body(body)) return *invalid;
  return session(body, kResourceId, "");
}

// query and stop: {"resourceId", "sid", "cname", "uid", "serverResponse": {...}}.
Reply session_state(const RouteRequest& request, bool stopped) {
  const std::string& mode = request.captures[3];
  if (!known_mode(mode)) return error_reply(Vendor::kAgora, 400, "invalid mode: " + mode);
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
    if (auto invalid = invalid_cloud_body(body)) return *invalid;
    set_string(doc, doc, "cname", string_member(body, "cname"));
    set_string(doc, doc, "uid", string_member(body, "uid"));
  }
  return json_reply(doc);
}

// The legacy endpoints take `Authorization: Bearer <api_key>`, Cloud Recording takes
// `Authorization: Basic base64(customer_id:customer_secret)`; the wrong kind is a 401.
Responder requiring(const char* scheme, Responder respond) {
  return [scheme, respond = std::move(respond)](const RouteRequest& request) {
    if (request.raw.header("authorization").rfind(scheme, 0) != 0) {
      return error_reply(Vendor::kAgora, 401,
                         std::string("Invalid authentication credentials: ") + scheme +
                             "authorization is required");
    }
    return respond(request);
  };
}

Route legacy(const char* method, const std::string& tail, Responder respond) {
  return {method, kRoot + tail, requiring("Bearer ", std::move(respond))};
}

Route cloud(const char* method, const std::string& tail, Responder respond) {
  return {method, kCloud + tail, requiring("Basic ", std::move(respond))};
}

constexpr const char kSession[] = "/resourceid/([^/]+)/sid/([^/]+)/mode/([^/]+)";

}  // namespace

std::vector<Route> agora_routes() {
  return {
      legacy("GET", "/projects", [](const RouteRequest&) { return data_list(kProject); }),
      legacy("GET", "/projects/(.+)",
             [](const RouteRequest& r) { return with_string(kProject, "id", r.captures[0]); }),
      legacy("POST", "/projects", create_project),
      legacy("GET", "/recordings", [](const RouteRequest&) { return data_list(kRecording); }),
      legacy("GET", "/recordings/(.+)",
             [](const RouteRequest& r) {
               return with_string(kRecordingDetail, "sid", r.captures[0]);
             }),
      legacy("POST", "/recordings/start", legacy_start),
      legacy("GET", "/users/me",
             [](const RouteRequest&) { return json_reply(std::string(kCurrentUser)); }),
      cloud("POST", "/acquire", acquire),
      cloud("POST", "/resourceid/([^/]+)/mode/([^/]+)/start",
            [](const RouteRequest& r) { return cloud_post(r, r.captures[2], kSid); }),
      cloud("GET", std::string(kSession) + "/query",
            [](const RouteRequest& r) { return session_state(r, false); }),
      cloud("POST", std::string(kSession) + "/update",
            [](const RouteRequest& r) { return cloud_post(r, r.captures[3], r.captures[2]); }),
      cloud("POST", std::string(kSession) + "/updateLayout",
            [](const RouteRequest& r) {
              if (r.captures[3] != "mix") {
                return error_reply(Vendor::kAgora, 400, "updateLayout needs mode mix");
              }
              return cloud_post(r, r.captures[3], r.captures[2]);
            }),
      cloud("POST", std::string(kSession) + "/stop",
            [](const RouteRequest& r) { return session_state(r, true); }),
      {"GET", std::string(kRoot) + "/v1/ncs/ip",
       requiring("Basic ",
                 [](const RouteRequest&) { return json_reply(std::string(kNotificationIps)); })},
  };
}

}  // namespace kosmo::fakes
