#include "e2e/integration_harness.h"

#include <algorithm>
#include <random>
#include <sstream>

namespace kosmo::e2e {
namespace {

constexpr size_t kExcerptBytes = 2500;

std::string Excerpt(const std::string& text) {
  if (text.size() <= kExcerptBytes) return text;
  return text.substr(0, kExcerptBytes) + "... (" + std::to_string(text.size()) + " bytes)";
}

std::string StringMember(const rapidjson::Value& doc, const char* key) {
  if (!doc.IsObject()) return "";
  auto found = doc.FindMember(key);
  if (found == doc.MemberEnd() || !found->value.IsString()) return "";
  return found->value.GetString();
}

const rapidjson::Value* ArrayElement(const rapidjson::Value& doc, const char* key, size_t index) {
  if (!doc.IsObject()) return nullptr;
  auto found = doc.FindMember(key);
  if (found == doc.MemberEnd() || !found->value.IsArray()) return nullptr;
  if (index >= found->value.Size()) return nullptr;
  return &found->value[static_cast<rapidjson::SizeType>(index)];
}

void StripNulls(rapidjson::Value& value) {
  if (value.IsArray()) {
    for (auto& item : value.GetArray()) StripNulls(item);
    return;
  }
  if (!value.IsObject()) return;
  for (auto member = value.MemberBegin(); member != value.MemberEnd();) {
    if (member->value.IsNull()) {
      member = value.EraseMember(member);
    } else {
      StripNulls(member->value);
      ++member;
    }
  }
}

}  // namespace

std::vector<std::string> Secrets::all() const {
  return {sinch_token,   sinch_work_token,    sinch_key_secret,
          anthropic_key, anthropic_admin_key, anthropic_work_key};
}

std::string KosmoRun::error() const { return StringMember(envelope, "error"); }
std::string KosmoRun::error_code() const { return StringMember(envelope, "error_code"); }

const rapidjson::Value* KosmoRun::result(size_t index) const {
  return ArrayElement(envelope, "result", index);
}

const rapidjson::Value* KosmoRun::call(size_t index) const {
  return ArrayElement(envelope, "integration_calls", index);
}

size_t KosmoRun::call_count() const {
  if (!envelope.IsObject() || !envelope.HasMember("integration_calls")) return 0;
  const rapidjson::Value& calls = envelope["integration_calls"];
  return calls.IsArray() ? calls.Size() : 0;
}

bool KosmoRun::meta(const char* key) const {
  if (!envelope.IsObject() || !envelope.HasMember("meta")) return false;
  const rapidjson::Value& meta = envelope["meta"];
  return meta.IsObject() && meta.HasMember(key) && meta[key].IsBool() && meta[key].GetBool();
}

std::string KosmoRun::Describe() const {
  std::string text = process.Describe();
  if (!parse_error.empty()) text += "\nstdout is not one JSON document: " + parse_error;
  text += "\n--- stdout\n" + Excerpt(process.out) + "\n--- stderr\n" + Excerpt(process.err);
  return text;
}

IntegrationTest::IntegrationTest() : kosmo_home_("kosmo-it-home-"), home_("kosmo-it-user-") {
  secrets_.sinch_token = UniqueSecret("sinch-token-");
  secrets_.sinch_work_token = UniqueSecret("sinch-work-token-");
  secrets_.sinch_key_secret = UniqueSecret("sinch-key-secret-");
  secrets_.anthropic_key = UniqueSecret("sk-ant-api03-");
  secrets_.anthropic_admin_key = UniqueSecret("sk-ant-admin01-");
  secrets_.anthropic_work_key = UniqueSecret("sk-ant-api03-work-");
  env_ = {
      {"KOSMO_HOME", kosmo_home_.path()},
      {"HOME", home_.path()},
      {"KOSMO_SINCH_SERVICE_PLAN_ID", kPlan},
      {"KOSMO_SINCH_API_TOKEN", secrets_.sinch_token},
      {"KOSMO_SINCH_BASE_URL", server_.sinch_base_url()},
      {"KOSMO_SINCH_PROJECT_ID", kSinchProject},
      {"KOSMO_SINCH_KEY_ID", kSinchKeyId},
      {"KOSMO_SINCH_KEY_SECRET", secrets_.sinch_key_secret},
      {"KOSMO_SINCH_NUMBERS_URL", server_.origin() + "/sinch-numbers"},
      {"KOSMO_ANTHROPIC_API_KEY", secrets_.anthropic_key},
      {"KOSMO_ANTHROPIC_ADMIN_KEY", secrets_.anthropic_admin_key},
      {"KOSMO_ANTHROPIC_URL", server_.anthropic_base_url()},
  };
}

void IntegrationTest::SetEnv(const std::string& name, const std::string& value) {
  env_.erase(std::remove_if(env_.begin(), env_.end(),
                            [&](const auto& entry) { return entry.first == name; }),
             env_.end());
  if (!value.empty()) env_.emplace_back(name, value);
}

void IntegrationTest::UnsetIntegrationEnv(const std::string& integration_upper) {
  const std::string prefix = "KOSMO_" + integration_upper + "_";
  env_.erase(std::remove_if(env_.begin(), env_.end(),
                            [&](const auto& entry) { return entry.first.rfind(prefix, 0) == 0; }),
             env_.end());
}

void IntegrationTest::WriteConfig(const std::string& yaml) const {
  kosmo_home_.WriteFile("config.yaml", yaml);
}

std::string UniqueSecret(const std::string& prefix) {
  std::random_device device;
  std::ostringstream text;
  text << prefix << std::hex << device() << device() << device();
  return text.str();
}

KosmoRun IntegrationTest::Run(const std::vector<std::string>& args, const std::string& stdin_data) {
  ProcessOptions options;
  options.args = args;
  options.minimal_env = true;
  options.env = env_;
  options.timeout_seconds = kill_after_seconds_;
  options.measure_child_rss = false;
  options.on_started = on_started_;
  if (!stdin_data.empty()) {
    options.stdin_mode = StdinMode::kData;
    options.stdin_data = stdin_data;
  }
  KosmoRun run;
  run.process = RunKosmo(options);
  if (!ParseSingleJson(run.process.out, &run.envelope, &run.parse_error)) run.envelope.SetNull();
  return run;
}

KosmoRun IntegrationTest::Lua(const std::string& code, const std::vector<std::string>& flags) {
  std::vector<std::string> args = {"integrations:lua", "--json", "--timeout", kRunTimeout};
  args.insert(args.end(), flags.begin(), flags.end());
  args.push_back("--eval");
  args.push_back(code);
  return Run(args);
}

fakes::RecordedRequest IntegrationTest::OnlyRequest() const {
  const std::vector<fakes::RecordedRequest> requests = server_.requests();
  EXPECT_EQ(requests.size(), 1u) << "the fake server should have received exactly one request";
  return requests.empty() ? fakes::RecordedRequest{} : requests.front();
}

::testing::AssertionResult CallMatches(const KosmoRun& run, size_t index,
                                       const ExpectedCall& expected) {
  const rapidjson::Value* call = run.call(index);
  if (call == nullptr || !call->IsObject()) {
    return ::testing::AssertionFailure() << "no integration_calls[" << index << "]";
  }
  std::vector<std::string> problems;
  auto check_string = [&](const char* key, const std::string& want) {
    const std::string got = StringMember(*call, key);
    if (got != want)
      problems.push_back(std::string(key) + ": want '" + want + "', got '" + got + "'");
  };
  check_string("path", expected.path);
  check_string("function", expected.function);
  check_string("account", expected.account);
  check_string("operation", expected.operation);
  check_string("status", expected.status);
  const rapidjson::Value& http_status = (*call)["http_status"];
  const bool status_ok = expected.http_status == 0
                             ? http_status.IsNull()
                             : http_status.IsInt() && http_status.GetInt() == expected.http_status;
  if (!status_ok) problems.push_back("http_status: want " + std::to_string(expected.http_status));
  if (!call->HasMember("attempts") || !(*call)["attempts"].IsInt() ||
      (*call)["attempts"].GetInt() != expected.attempts) {
    problems.push_back("attempts: want " + std::to_string(expected.attempts));
  }
  if (!call->HasMember("durationMs") || !(*call)["durationMs"].IsNumber()) {
    problems.push_back("durationMs: want a number");
  }
  if (problems.empty()) return ::testing::AssertionSuccess();
  auto failure = ::testing::AssertionFailure()
                 << "integration_calls[" << index << "] = " << ToJson(*call);
  for (const std::string& problem : problems) failure << "\n  " << problem;
  return failure;
}

rapidjson::Document ParseJson(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError()) {
    ADD_FAILURE() << "not JSON: " << Excerpt(text);
    doc.SetNull();
  }
  return doc;
}

::testing::AssertionResult SameJson(const rapidjson::Value& expected,
                                    const rapidjson::Value& actual) {
  rapidjson::Document left;
  rapidjson::Document right;
  left.CopyFrom(expected, left.GetAllocator());
  right.CopyFrom(actual, right.GetAllocator());
  StripNulls(left);
  StripNulls(right);
  if (left == right) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "\n  expected: " << Excerpt(ToJson(left)) << "\n    actual: " << Excerpt(ToJson(right));
}

::testing::AssertionResult SameJson(const std::string& expected_json,
                                    const rapidjson::Value& actual) {
  return SameJson(ParseJson(expected_json), actual);
}

std::vector<std::string> QueryPairs(const std::string& query) {
  std::vector<std::string> pairs;
  std::stringstream stream(query);
  for (std::string pair; std::getline(stream, pair, '&');) {
    if (!pair.empty()) pairs.push_back(pair);
  }
  std::sort(pairs.begin(), pairs.end());
  return pairs;
}

void ExpectNoSecrets(const KosmoRun& run, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    EXPECT_EQ(run.process.out.find(secret), std::string::npos)
        << "secret " << secret << " leaked to stdout\n"
        << run.Describe();
    EXPECT_EQ(run.process.err.find(secret), std::string::npos)
        << "secret " << secret << " leaked to stderr\n"
        << run.Describe();
  }
}

}  // namespace kosmo::e2e
