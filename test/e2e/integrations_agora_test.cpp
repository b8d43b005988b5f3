// End to end: every Agora function against the fake Agora API, which serves only Agora's
// documented paths — the Console RESTful API (projects, under <url>/dev/v1) and Cloud Recording
// (under <url>/v1/apps/<app_id>/cloud_recording/...), both with Basic customer credentials —
// the exact request and the value Lua sees; start_recording's acquire-then-start; and the
// seed functions Agora has no endpoint for, which refuse without a request.
#include <gtest/gtest.h>

#include "e2e/integrations_wildix_agora_fixture.h"

namespace kosmo::e2e {
namespace {

// The fake's projects as Lua sees them: Agora's fields plus app_id (= vendor_key).
constexpr const char kFirstProject[] = R"({"id": "abc123", "name": "my-video-app",
    "vendor_key": "4855xxxxxxxxxxxxxxxxxxxxxxxxeae2", "sign_key": "4855xxxxxxxxxxxxxxxxxxxxxxxxeae2",
    "recording_server": null, "status": 1, "created": 1464165672,
    "app_id": "4855xxxxxxxxxxxxxxxxxxxxxxxxeae2"})";
constexpr const char kSecondProject[] = R"({"id": "rkKbefMME", "name": "project1",
    "vendor_key": "eb00cd2b222a4eeaa24fc6046d90b227", "sign_key": "", "recording_server": null,
    "status": 0, "created": 1637153755, "app_id": "eb00cd2b222a4eeaa24fc6046d90b227"})";

std::string project_list() {
  const std::string list = std::string("[") + kFirstProject + ", " + kSecondProject + "]";
  return R"({"projects": )" + list + R"(, "data": )" + list + "}";
}

const WireCase kAgoraCases[] = {
    // The seed's own example calls of the project functions (Console RESTful API).
    {"list_projects", "{}", "GET", "/dev/v1/projects", "", "", "read", project_list()},
    {"get_project", R"({project_id = "abc123"})", "GET", "/dev/v1/project", "id=abc123", "", "read",
     kFirstProject},
    {"create_project", R"({name = "my-video-app", sign_key = true})", "POST", "/dev/v1/project", "",
     R"({"name": "my-video-app", "enable_sign_key": true})", "write",
     R"({"id": "pRj9kx2Qa", "name": "my-video-app",
         "vendor_key": "7d72365eb983485397e3e3f9d460bdda", "sign_key": "b3b1d2fb5c8b4b3e9a21c5f0",
         "recording_server": null, "status": 1, "created": 1700000000,
         "app_id": "7d72365eb983485397e3e3f9d460bdda"})",
     201},
    // Cloud Recording: explicit parameters override raw client_request keys.
    {"acquire_recording_resource",
     R"({cname = "team-standup", uid = "527841", scene = 0, resource_expired_hour = 12,
         client_request = {resourceExpiredHour = 24, region = "NA"}})",
     "POST", "/v1/apps/app%20id-1/cloud_recording/acquire", "",
     R"({"cname": "team-standup", "uid": "527841",
         "clientRequest": {"resourceExpiredHour": 12, "region": "NA", "scene": 0}})",
     "write"},
    {"query_recording", R"({resource_id = "RID-1", sid = "sid-1", mode = "Web_Page"})", "GET",
     "/v1/apps/app%20id-1/cloud_recording/resourceid/RID-1/sid/sid-1/mode/web/query", ""},
    // web_recorder_config travels as Agora's webRecordingConfig (pause/resume of web recording).
    {"update_recording",
     R"({resource_id = "RID-1", sid = "sid-1", mode = "composite", cname = "team-standup",
         uid = "527841", stream_subscribe = {audioUidList = {subscribeAudioUids = {"#allstream#"}}},
         web_recorder_config = {onhold = false}})",
     "POST", "/v1/apps/app%20id-1/cloud_recording/resourceid/RID-1/sid/sid-1/mode/mix/update", "",
     R"({"cname": "team-standup", "uid": "527841", "clientRequest": {
         "streamSubscribe": {"audioUidList": {"subscribeAudioUids": ["#allstream#"]}},
         "webRecordingConfig": {"onhold": false}}})",
     "write"},
    {"update_recording_layout",
     R"({resource_id = "RID-1", sid = "sid-1", cname = "team-standup", uid = "527841",
         mixed_video_layout = 3, background_color = "#000000", max_resolution_uid = "1001",
         background_image = "https://example.com/bg.png",
         layout_config = {{uid = "1001", x_axis = 0.5, y_axis = 0, width = 0.5, height = 1}}})",
     "POST", "/v1/apps/app%20id-1/cloud_recording/resourceid/RID-1/sid/sid-1/mode/mix/updateLayout",
     "",
     R"({"cname": "team-standup", "uid": "527841", "clientRequest": {
         "mixedVideoLayout": 3, "maxResolutionUid": "1001", "backgroundColor": "#000000",
         "backgroundImage": "https://example.com/bg.png",
         "layoutConfig": [{"uid": "1001", "x_axis": 0.5, "y_axis": 0, "width": 0.5,
                           "height": 1}]}})",
     "write"},
    {"stop_recording",
     R"({resource_id = "RID-1", sid = "sid-1", mode = "individual", cname = "team-standup",
         uid = "527841", async_stop = true})",
     "POST", "/v1/apps/app%20id-1/cloud_recording/resourceid/RID-1/sid/sid-1/mode/individual/stop",
     "", R"({"cname": "team-standup", "uid": "527841", "clientRequest": {"async_stop": true}})",
     "write"},
    {"get_notification_ips", "{}", "GET", "/v1/ncs/ip", ""},
};

// Seed functions Agora has no endpoint for: the seed's example call, and the function the
// refusal names.
struct RefusedCase {
  std::string name;
  std::string args;
  std::string names;  // the function the message sends the script to
};

const RefusedCase kRefusedCases[] = {
    {"list_recordings", R"({cname = "meeting-room", limit = 10})", "query_recording("},
    {"get_recording", R"({recording_id = "sid-abc123"})", "query_recording("},
    {"get_current_user", "{}", "Use list_projects"},
};

class AgoraFunctionTest : public AgoraTest, public ::testing::WithParamInterface<WireCase> {};

TEST_P(AgoraFunctionTest, SendsTheDocumentedRequestAndReturnsWhatLuaSees) {
  const WireCase& c = GetParam();
  const std::vector<std::string> flags =
      c.operation == "write" ? std::vector<std::string>{"--force"} : std::vector<std::string>{};
  KosmoRun run = Lua("return app.integrations.agora." + c.name + "(" + c.args + ")", flags);
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();

  const fakes::RecordedRequest request = OnlyRequest();
  EXPECT_EQ(request.method, c.method);
  EXPECT_EQ(request.path, "/agora" + c.path);
  EXPECT_EQ(request.query, c.query);
  EXPECT_EQ(request.header("authorization"), basic_authorization());
  if (c.body.empty()) {
    EXPECT_EQ(request.body, "");
  } else {
    EXPECT_EQ(request.header("content-type"), "application/json");
    EXPECT_TRUE(SameJson(c.body, ParseJson(request.body)));
  }
  EXPECT_EQ(request.response_status, c.http_status) << request.response_body;
  ASSERT_NE(run.result(), nullptr) << run.Describe();
  EXPECT_TRUE(SameJson(c.result.empty() ? request.response_body : c.result, *run.result()));
  EXPECT_TRUE(CallMatches(
      run, 0,
      {"integrations.agora." + c.name, "agora_" + c.name, c.operation, "ok", c.http_status}));
  ExpectNoSecrets(run, all_secrets());
}

INSTANTIATE_TEST_SUITE_P(AllFunctions, AgoraFunctionTest, ::testing::ValuesIn(kAgoraCases),
                         [](const auto& info) { return info.param.name; });

// The table, the refusals and start_recording (below) together cover all 13 public functions.
TEST(AgoraCases, CoverEveryPublicFunction) {
  EXPECT_EQ(std::size(kAgoraCases) + std::size(kRefusedCases) + 1, 13u);
}

class AgoraRefusedTest : public AgoraTest, public ::testing::WithParamInterface<RefusedCase> {};

TEST_P(AgoraRefusedTest, RefusesTheSeedCallWithoutARequestNamingTheFunctionToUse) {
  const RefusedCase& c = GetParam();
  KosmoRun run = Lua("return app.integrations.agora." + c.name + "(" + c.args + ")");
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(run.error_code(), "integration_error");
  EXPECT_NE(run.error().find(c.names), std::string::npos) << run.error();
  EXPECT_EQ(server().request_count(), 0u);
  EXPECT_TRUE(CallMatches(
      run, 0, {"integrations.agora." + c.name, "agora_" + c.name, "read", "error", 0, 0}));
}

INSTANTIATE_TEST_SUITE_P(SeedFunctionsWithoutEndpoint, AgoraRefusedTest,
                         ::testing::ValuesIn(kRefusedCases),
                         [](const auto& info) { return info.param.name; });

using AgoraStartRecordingTest = AgoraTest;

TEST_F(AgoraStartRecordingTest, WithModeAndResourceIdStartsTheCloudRecording) {
  KosmoRun run = Lua(R"(return app.integrations.agora.start_recording({
      cname = "team-standup", uid = "527841", resource_id = "RID-1", mode = "MIX",
      token = "rtc-token", recording_config = {maxIdleTime = 30},
      storage_config = '{"vendor": 1, "region": 0, "bucket": "b"}',
      clientRequest = {recordingFileConfig = {avFileType = {"hls"}}}}))",
                     {"--force"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  const fakes::RecordedRequest request = OnlyRequest();
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.path, CloudPath("/resourceid/RID-1/mode/mix/start"));
  EXPECT_EQ(request.header("authorization"), basic_authorization());
  EXPECT_TRUE(SameJson(R"({"cname": "team-standup", "uid": "527841", "clientRequest": {
                             "recordingFileConfig": {"avFileType": ["hls"]},
                             "token": "rtc-token", "recordingConfig": {"maxIdleTime": 30},
                             "storageConfig": {"vendor": 1, "region": 0, "bucket": "b"}}})",
                       ParseJson(request.body)));
  ASSERT_NE(run.result(), nullptr);
  EXPECT_TRUE(SameJson(R"({"cname": "team-standup", "uid": "527841", "resourceId": "RID-1",
                           "sid": "38f8e3cfdc474cd56fc1ceba380d7e1a"})",
                       *run.result()));
  EXPECT_TRUE(CallMatches(
      run, 0, {"integrations.agora.start_recording", "agora_start_recording", "write", "ok", 200}));
  ExpectNoSecrets(run, all_secrets());
}

TEST_F(AgoraStartRecordingTest, WithModeOnlyAcquiresAResourceThenStartsWithIt) {
  KosmoRun run = Lua(R"(return app.integrations.agora.agora_start_recording({
      cname = "team-standup", uid = "527841", mode = "individual", scene = 0,
      resource_expired_hour = 24, storage_config = {vendor = 1, bucket = "b"}}))",
                     {"--force"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  const auto requests = server().requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].path, CloudPath("/acquire"));
  EXPECT_TRUE(SameJson(R"({"cname": "team-standup", "uid": "527841",
                           "clientRequest": {"scene": 0, "resourceExpiredHour": 24}})",
                       ParseJson(requests[0].body)))
      << "the acquire gets its own arguments, not the start's";
  const std::string resource_id = ParseJson(requests[0].response_body)["resourceId"].GetString();
  EXPECT_EQ(requests[1].path, CloudPath("/resourceid/" + resource_id + "/mode/individual/start"));
  EXPECT_TRUE(SameJson(R"({"cname": "team-standup", "uid": "527841",
                           "clientRequest": {"storageConfig": {"vendor": 1, "bucket": "b"}}})",
                       ParseJson(requests[1].body)));
  for (const auto& request : requests) {
    EXPECT_EQ(request.header("authorization"), basic_authorization());
  }
  ASSERT_NE(run.result(), nullptr);
  EXPECT_TRUE(SameJson(requests[1].response_body, *run.result()));
  EXPECT_EQ(run.call_count(), 1u);
}

TEST_F(AgoraStartRecordingTest, AcquireThenStartIsLoggedAsOneStartRecordingCall) {
  KosmoRun run = Lua(R"(return app.integrations.agora.start_recording({
      cname = "c", uid = "1", mode = "mix", storage_config = {vendor = 1, bucket = "b"}}))",
                     {"--force"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(run.call_count(), 1u);
  EXPECT_TRUE(CallMatches(
      run, 0, {"integrations.agora.start_recording", "agora_start_recording", "write", "ok", 200}));
}

// The seed's own example: no mode, no resource_id. Cloud Recording needs a mode, so the
// recording is a composite (mix) one: acquire, then start with the seed's clientRequest.
TEST_F(AgoraStartRecordingTest, TheSeedCallAcquiresAndStartsACompositeRecording) {
  KosmoRun run = Lua(R"(
    local result = app.integrations["agora"].start_recording({
      cname = "meeting-room",
      uid = "527841",
      clientRequest = {
        recordingConfig = {maxIdleTime = 30, streamTypes = 2},
        storageConfig = {vendor = 1, region = 0, bucket = "my-recordings",
                         accessKey = "AKIA...", secretKey = "secret...",
                         fileNamePrefix = {"agora", "rec"}}
      }
    })
    print("Recording started: " .. result.sid)
    print("Resource ID: " .. result.resourceId)
    return result)",
                     {"--force"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  const auto requests = server().requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].path, CloudPath("/acquire"));
  EXPECT_TRUE(SameJson(R"({"cname": "meeting-room", "uid": "527841", "clientRequest": {}})",
                       ParseJson(requests[0].body)));
  const std::string resource_id = ParseJson(requests[0].response_body)["resourceId"].GetString();
  EXPECT_EQ(requests[1].path, CloudPath("/resourceid/" + resource_id + "/mode/mix/start"));
  EXPECT_TRUE(SameJson(R"({"cname": "meeting-room", "uid": "527841", "clientRequest": {
                             "recordingConfig": {"maxIdleTime": 30, "streamTypes": 2},
                             "storageConfig": {"vendor": 1, "region": 0,
                                               "bucket": "my-recordings", "accessKey": "AKIA...",
                                               "secretKey": "secret...",
                                               "fileNamePrefix": ["agora", "rec"]}}})",
                       ParseJson(requests[1].body)));
  for (const auto& request : requests) {
    EXPECT_EQ(request.header("authorization"), basic_authorization());
  }
  EXPECT_EQ(std::string(run.envelope["output"].GetString()),
            "Recording started: 38f8e3cfdc474cd56fc1ceba380d7e1a\nResource ID: " + resource_id);
  ASSERT_NE(run.result(), nullptr);
  EXPECT_TRUE(SameJson(requests[1].response_body, *run.result()));
  ExpectNoSecrets(run, all_secrets());
}

// Agora's web page recording is acquired with scene 1; the start's raw clientRequest stays
// with the start (acquire's clientRequest has other fields).
TEST_F(AgoraStartRecordingTest, AWebRecordingIsAcquiredWithScene1AndOnlyAcquireFields) {
  KosmoRun run = Lua(R"(return app.integrations.agora.start_recording({
      cname = "c", uid = "1", mode = "webpage", resource_expired_hour = 2,
      client_request = {storageConfig = {vendor = 1, bucket = "b"},
                        extensionServiceConfig = {extensionServices = {}}}}))",
                     {"--force"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  const auto requests = server().requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_TRUE(SameJson(R"({"cname": "c", "uid": "1",
                           "clientRequest": {"resourceExpiredHour": 2, "scene": 1}})",
                       ParseJson(requests[0].body)));
  EXPECT_NE(requests[1].path.find("/mode/web/start"), std::string::npos) << requests[1].path;
  EXPECT_TRUE(SameJson(R"({"cname": "c", "uid": "1", "clientRequest": {
                             "storageConfig": {"vendor": 1, "bucket": "b"},
                             "extensionServiceConfig": {"extensionServices": []}}})",
                       ParseJson(requests[1].body)));
}

TEST_F(AgoraStartRecordingTest, DryRunOfAcquireThenStartShowsTheAcquire) {
  KosmoRun run = Lua(R"(return app.integrations.agora.start_recording({
      cname = "c", uid = "1", mode = "web"}))",
                     {"--dry-run"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  ASSERT_NE(run.result(), nullptr);
  EXPECT_TRUE(SameJson(R"({"dry_run": true, "function": "agora_acquire_recording_resource",
                           "request": {"method": "POST", "url": ")" +
                           server().origin() + CloudPath("/acquire") + R"(", "query": {},
                           "body": {"cname": "c", "uid": "1", "clientRequest": {"scene": 1}}}})",
                       *run.result()));
  EXPECT_EQ(server().request_count(), 0u);
}

TEST_F(AgoraStartRecordingTest, AnAcquireWithoutResourceIdStopsBeforeTheStart) {
  server().inject(fakes::faults::Status(200, R"({"cname": "c", "uid": "1"})"),
                  CloudPath("/acquire"));
  KosmoRun run = Lua(R"(return app.integrations.agora.start_recording({
      cname = "c", uid = "1", mode = "mix"}))",
                     {"--force"});
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(run.error(), "Agora acquire returned no resourceId; the recording was not started.");
  EXPECT_EQ(server().request_count(), 1u);
}

TEST_F(AgoraStartRecordingTest, AnUnknownModeIsRejectedBeforeAnyRequest) {
  KosmoRun run = Lua(R"(return app.integrations.agora.start_recording({
      cname = "c", uid = "1", mode = "panorama"}))",
                     {"--force"});
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_NE(
      run.error().find("invalid: mode (one of individual|mix|web|composite|web_page|webpage)"),
      std::string::npos)
      << run.error();
  EXPECT_EQ(server().request_count(), 0u);
}

}  // namespace
}  // namespace kosmo::e2e
