// examples/deploy/ and the Dockerfile, checked where CI runs (kubectl and docker are not
// there): the Kubernetes objects against the API's schema for the fields they use
// (test/deploy/kubernetes.schema.json), the GitHub Actions workflow against the workflow
// syntax (test/deploy/github-workflow.schema.json), the facts the files must agree on (the
// image's user and KOSMO_HOME, --timeout below the Job's deadline, KOSMO_* credentials from
// the Secret), and the commands themselves run with the built kosmo against the shipped
// cassette.
#include <gtest/gtest.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "e2e/json_schema_check.h"
#include "e2e/kosmo_process.h"
#include "e2e/temp_dir.h"

namespace kosmo::e2e {
namespace {

const std::string kSource = KOSMO_SOURCE_DIR;
const std::string kKubernetes = kSource + "/examples/deploy/kubernetes/";
const std::string kActions = kSource + "/examples/deploy/github-actions/kosmo-workflows.yml";

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A YAML node as JSON. Plain scalars get YAML 1.2's core types (true/false, null, integers,
// floats), quoted ones stay strings, as the Kubernetes API server and GitHub read them.
void ToJson(const YAML::Node& node, rapidjson::Value& out, rapidjson::Document::AllocatorType& a) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      out.SetObject();
      for (const auto& entry : node) {
        rapidjson::Value value;
        ToJson(entry.second, value, a);
        out.AddMember(rapidjson::Value(entry.first.Scalar().c_str(), a), value, a);
      }
      return;
    case YAML::NodeType::Sequence:
      out.SetArray();
      for (const auto& item : node) {
        rapidjson::Value value;
        ToJson(item, value, a);
        out.PushBack(value, a);
      }
      return;
    case YAML::NodeType::Scalar: {
      const std::string& text = node.Scalar();
      if (node.Tag() == "?") {
        static const std::regex integer("[-+]?[0-9]+");
        static const std::regex number("[-+]?([0-9]+\\.[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");
        if (text == "true" || text == "false") return void(out.SetBool(text == "true"));
        if (text == "null" || text == "~") return void(out.SetNull());
        if (std::regex_match(text, integer)) return void(out.SetInt64(std::stoll(text)));
        if (std::regex_match(text, number)) return void(out.SetDouble(std::stod(text)));
      }
      out.SetString(text.c_str(), a);
      return;
    }
    default:
      out.SetNull();
  }
}

std::vector<rapidjson::Document> LoadYaml(const std::string& path) {
  std::vector<rapidjson::Document> documents;
  for (const YAML::Node& node : YAML::LoadAllFromFile(path)) {
    rapidjson::Document document;
    ToJson(node, document, document.GetAllocator());
    documents.push_back(std::move(document));
  }
  return documents;
}

// Checks `value` against definitions/`definition` of the schema file; returns what is wrong
// ("" when valid).
std::string SchemaProblems(const std::string& schema_file, const std::string& definition,
                           const rapidjson::Value& value) {
  rapidjson::Document schema;
  schema.Parse(ReadText(kSource + "/test/deploy/" + schema_file).c_str());
  if (schema.HasParseError()) return "the schema file is not JSON";
  std::string problems;
  for (const std::string& problem :
       SchemaCheck(schema, schema["definitions"][definition.c_str()], value)) {
    problems += problem + "\n";
  }
  return problems;
}

// The Kubernetes objects of examples/deploy/kubernetes/, by kind and name.
struct Objects {
  std::vector<rapidjson::Document> all;
  const rapidjson::Value* Find(const std::string& kind, const std::string& name) const {
    for (const auto& object : all) {
      if (kind == object["kind"].GetString() && name == object["metadata"]["name"].GetString()) {
        return &object;
      }
    }
    return nullptr;
  }
  const rapidjson::Value& CronJob() const { return *Find("CronJob", "sinch-delivery-by-day"); }
  const rapidjson::Value& PodSpec() const {
    return CronJob()["spec"]["jobTemplate"]["spec"]["template"]["spec"];
  }
  const rapidjson::Value& Container() const { return PodSpec()["containers"][0]; }
};

Objects LoadObjects() {
  Objects objects;
  for (const char* file : {"secret.example.yaml", "configmaps.yaml", "cronjob.yaml"}) {
    for (auto& document : LoadYaml(kKubernetes + file)) objects.all.push_back(std::move(document));
  }
  return objects;
}

std::vector<std::string> Strings(const rapidjson::Value& list) {
  std::vector<std::string> out;
  for (const auto& item : list.GetArray()) out.emplace_back(item.GetString());
  return out;
}

// The value after `flag` in `args`, or "".
std::string FlagValue(const std::vector<std::string>& args, const std::string& flag) {
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == flag) return args[i + 1];
  }
  return "";
}

// `INSTRUCTION value` lines of the Dockerfile's last stage.
std::vector<std::string> FinalStage(const std::string& instruction) {
  std::istringstream lines(ReadText(kSource + "/Dockerfile"));
  std::vector<std::string> values;
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("FROM ", 0) == 0) values.clear();
    if (line.rfind(instruction + " ", 0) == 0)
      values.push_back(line.substr(instruction.size() + 1));
  }
  return values;
}

TEST(DeployExamples, KubernetesObjectsMatchTheApiSchema) {
  const Objects objects = LoadObjects();
  ASSERT_EQ(objects.all.size(), 4u);
  for (const auto& object : objects.all) {
    const std::string kind = object["kind"].GetString();
    EXPECT_EQ(SchemaProblems("kubernetes.schema.json", kind, object), "") << kind;
  }
  ASSERT_NE(objects.Find("Secret", "kosmo-credentials"), nullptr);
  ASSERT_NE(objects.Find("ConfigMap", "kosmo-workflows"), nullptr);
  ASSERT_NE(objects.Find("ConfigMap", "kosmo-home"), nullptr);
  ASSERT_NE(objects.Find("CronJob", "sinch-delivery-by-day"), nullptr);
}

TEST(DeployExamples, TheKubernetesSchemaRefusesAMisspeltOrMistypedField) {
  Objects objects = LoadObjects();
  auto& cronjob = const_cast<rapidjson::Value&>(objects.CronJob());
  auto& allocator = objects.all.back().GetAllocator();
  auto& job = cronjob["spec"]["jobTemplate"]["spec"];
  job["backoffLimit"].SetString("1", allocator);
  EXPECT_NE(SchemaProblems("kubernetes.schema.json", "CronJob", cronjob), "");
  job["backoffLimit"].SetInt(1);
  EXPECT_EQ(SchemaProblems("kubernetes.schema.json", "CronJob", cronjob), "");
  job.AddMember("activeDeadlineSecond", 10, allocator);
  EXPECT_NE(SchemaProblems("kubernetes.schema.json", "CronJob", cronjob), "");
}

TEST(DeployExamples, TheRunEndsWithItsEnvelopeBeforeTheJobsDeadline) {
  const Objects objects = LoadObjects();
  const std::vector<std::string> args = Strings(objects.Container()["args"]);
  const std::string timeout = FlagValue(args, "--timeout");
  ASSERT_FALSE(timeout.empty()) << "the container must give kosmo a --timeout";
  const int64_t deadline =
      objects.CronJob()["spec"]["jobTemplate"]["spec"]["activeDeadlineSeconds"].GetInt64();
  EXPECT_LT(std::stod(timeout), static_cast<double>(deadline));
  EXPECT_NE(std::find(args.begin(), args.end(), "--json"), args.end())
      << "the envelope is what the job log records";
}

TEST(DeployExamples, CredentialsComeFromTheSecretAsKosmoVariables) {
  const Objects objects = LoadObjects();
  const rapidjson::Value& secret = *objects.Find("Secret", "kosmo-credentials");
  ASSERT_TRUE(secret["stringData"].MemberCount() > 0);
  for (const auto& field : secret["stringData"].GetObject()) {
    EXPECT_EQ(std::string(field.name.GetString()).rfind("KOSMO_", 0), 0u) << field.name.GetString();
  }
  bool from_secret = false;
  for (const auto& source : objects.Container()["envFrom"].GetArray()) {
    from_secret |= source.HasMember("secretRef") &&
                   std::string(source["secretRef"]["name"].GetString()) == "kosmo-credentials" &&
                   !source.HasMember("prefix");
  }
  EXPECT_TRUE(from_secret);
  for (const auto& variable : objects.Container()["env"].GetArray()) {
    EXPECT_FALSE(variable.HasMember("value") &&
                 std::string(variable["name"].GetString()).find("TOKEN") != std::string::npos)
        << "no credential as a literal value";
  }
}

TEST(DeployExamples, ThePodRunsAsTheImagesUserWithKosmoHomeWhereTheImageReadsIt) {
  const Objects objects = LoadObjects();
  const std::vector<std::string> users = FinalStage("USER");
  ASSERT_EQ(users.size(), 1u);
  const std::string uid = users[0].substr(0, users[0].find(':'));
  EXPECT_NE(uid, "0");
  EXPECT_NE(uid, "root");
  const auto& security = objects.PodSpec()["securityContext"];
  EXPECT_TRUE(security["runAsNonRoot"].GetBool());
  EXPECT_EQ(std::to_string(security["runAsUser"].GetInt64()), uid);

  std::string kosmo_home;
  for (const std::string& env : FinalStage("ENV")) {
    const std::smatch match = [&] {
      std::smatch m;
      std::regex_search(env, m, std::regex("KOSMO_HOME=(\\S+)"));
      return m;
    }();
    if (!match.empty()) kosmo_home = match[1];
  }
  ASSERT_FALSE(kosmo_home.empty()) << "the image must set KOSMO_HOME";
  bool mounted = false;
  for (const auto& mount : objects.Container()["volumeMounts"].GetArray()) {
    mounted |= kosmo_home == mount["mountPath"].GetString();
  }
  EXPECT_TRUE(mounted) << "KOSMO_HOME (" << kosmo_home << ") is not mounted";
  // The runtime stage holds the binary and nothing else of the build.
  const std::vector<std::string> copies = FinalStage("COPY");
  ASSERT_EQ(copies.size(), 1u);
  EXPECT_NE(copies[0].find("/bin/kosmo "), std::string::npos) << copies[0];
  EXPECT_NE(FinalStage("FROM").size(), 0u);
}

TEST(DeployExamples, TheWorkflowInTheConfigMapIsTheExample) {
  const Objects objects = LoadObjects();
  const rapidjson::Value& data = (*objects.Find("ConfigMap", "kosmo-workflows"))["data"];
  ASSERT_TRUE(data.HasMember("sinch_delivery_by_day.lua"));
  EXPECT_EQ(std::string(data["sinch_delivery_by_day.lua"].GetString()),
            ReadText(kSource + "/examples/sinch_delivery_by_day.lua"));
}

// The CronJob's container, run with the built kosmo: its args, with the ConfigMaps where the
// volumes mount them, the Secret's variables and its env, answered from the shipped cassette.
TEST(DeployExamples, TheCronJobsCommandRunsWithKosmo) {
  const Objects objects = LoadObjects();
  TempDir dir("kosmo-e2e-cronjob-");
  std::map<std::string, std::string> mounted;  // mountPath -> directory here
  for (const auto& volume : objects.PodSpec()["volumes"].GetArray()) {
    const std::string name = volume["name"].GetString();
    const rapidjson::Value* map =
        objects.Find("ConfigMap", volume["configMap"]["name"].GetString());
    ASSERT_NE(map, nullptr) << name;
    for (const auto& file : (*map)["data"].GetObject()) {
      dir.WriteFile(name + "/" + file.name.GetString(), file.value.GetString());
    }
    for (const auto& mount : objects.Container()["volumeMounts"].GetArray()) {
      if (name == mount["name"].GetString())
        mounted[mount["mountPath"].GetString()] = dir.path() + "/" + name;
    }
  }
  ProcessOptions options;
  options.minimal_env = true;
  options.measure_child_rss = false;
  for (std::string arg : Strings(objects.Container()["args"])) {
    for (const auto& [path, here] : mounted) {
      if (arg.rfind(path + "/", 0) == 0) arg = here + arg.substr(path.size());
    }
    options.args.push_back(arg);
  }
  options.args.insert(options.args.end(),
                      {"--replay", kSource + "/examples/cassettes/sinch_delivery_by_day.json"});
  for (const auto& field :
       (*objects.Find("Secret", "kosmo-credentials"))["stringData"].GetObject()) {
    options.env.emplace_back(field.name.GetString(), field.value.GetString());
  }
  for (const auto& variable : objects.Container()["env"].GetArray()) {
    options.env.emplace_back(variable["name"].GetString(), variable["value"].GetString());
  }
  options.env.emplace_back("KOSMO_HOME", mounted.at("/kosmo-home"));
  const ProcessResult run = RunKosmo(options);
  ASSERT_TRUE(run.exited_normally()) << run.Describe();
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  rapidjson::Document envelope;
  std::string why;
  ASSERT_TRUE(ParseSingleJson(run.out, &envelope, &why)) << why;
  EXPECT_TRUE(envelope["success"].GetBool());
  EXPECT_GT(envelope["result"][0]["batches"].GetInt(), 0);
  EXPECT_EQ(run.out.find("replace-with-your-api-token"), std::string::npos);
}

rapidjson::Document LoadWorkflow() {
  std::vector<rapidjson::Document> documents = LoadYaml(kActions);
  EXPECT_EQ(documents.size(), 1u);
  return std::move(documents.front());
}

const rapidjson::Value* FindStep(const rapidjson::Value& job, const std::string& id) {
  for (const auto& step : job["steps"].GetArray()) {
    if (step.HasMember("id") && id == step["id"].GetString()) return &step;
  }
  return nullptr;
}

TEST(DeployExamples, TheActionsWorkflowMatchesTheWorkflowSyntax) {
  rapidjson::Document workflow = LoadWorkflow();
  EXPECT_EQ(SchemaProblems("github-workflow.schema.json", "Workflow", workflow), "");
  // The check can fail: a misspelt key of a job is refused.
  auto& job = workflow["jobs"]["replay"];
  job.AddMember("run-on", "ubuntu-latest", workflow.GetAllocator());
  EXPECT_NE(SchemaProblems("github-workflow.schema.json", "Workflow", workflow), "");
  job.RemoveMember("run-on");
  EXPECT_EQ(SchemaProblems("github-workflow.schema.json", "Workflow", workflow), "");
  // A step is either an action (uses) or a script (run), never both.
  job["steps"][0].AddMember("run", "true", workflow.GetAllocator());
  EXPECT_NE(SchemaProblems("github-workflow.schema.json", "Workflow", workflow), "");
}

TEST(DeployExamples, CiReplaysTheCassetteAndTheScheduleRunsLive) {
  const rapidjson::Document workflow = LoadWorkflow();
  const auto& on = workflow["on"];
  EXPECT_TRUE(on.HasMember("push") && on.HasMember("pull_request") && on.HasMember("schedule"));
  const auto& replay = workflow["jobs"]["replay"];
  const auto& live = workflow["jobs"]["live"];
  EXPECT_EQ(std::string(replay["if"].GetString()).find("schedule"), std::string::npos);
  EXPECT_NE(std::string(live["if"].GetString()).find("github.event_name == 'schedule'"),
            std::string::npos);
  // Live credentials come from the repository's secrets, under their own KOSMO_* names.
  ASSERT_TRUE(live.HasMember("env"));
  for (const auto& variable : live["env"].GetObject()) {
    const std::string name = variable.name.GetString();
    EXPECT_EQ(name.rfind("KOSMO_", 0), 0u) << name;
    EXPECT_EQ(std::string(variable.value.GetString()), "${{ secrets." + name + " }}");
  }
  // The live run's --timeout leaves the job time to upload its envelope.
  const rapidjson::Value* live_step = FindStep(live, "live");
  ASSERT_NE(live_step, nullptr);
  const std::string live_run = (*live_step)["run"].GetString();
  std::smatch timeout;
  ASSERT_TRUE(std::regex_search(live_run, timeout, std::regex("--timeout (\\d+)")));
  EXPECT_LT(std::stoi(timeout[1]), live["timeout-minutes"].GetInt() * 60);
  EXPECT_EQ(live_run.find("--replay"), std::string::npos);
  EXPECT_NE(std::string((*FindStep(replay, "replay"))["run"].GetString()).find("--replay "),
            std::string::npos);
}

// The replay step's script, as the runner's bash -e runs it, with the built kosmo on PATH in a
// checkout-like directory: twice, and the envelopes are identical byte for byte.
TEST(DeployExamples, TheReplayStepRunsAndIsDeterministic) {
  const rapidjson::Document workflow = LoadWorkflow();
  const rapidjson::Value* step = FindStep(workflow["jobs"]["replay"], "replay");
  ASSERT_NE(step, nullptr);
  std::vector<std::string> envelopes;
  for (int attempt = 0; attempt < 2; ++attempt) {
    TempDir dir("kosmo-e2e-actions-");
    ASSERT_EQ(symlink((kSource + "/examples").c_str(), (dir.path() + "/examples").c_str()), 0);
    dir.WriteFile("bin/.keep", "");
    ASSERT_EQ(symlink(KosmoBinary().c_str(), (dir.path() + "/bin/kosmo").c_str()), 0);
    ProcessOptions options;
    options.args = {"-e", "-c", (*step)["run"].GetString()};
    options.minimal_env = true;
    options.measure_child_rss = false;
    options.cwd = dir.path();
    options.env.emplace_back("PATH", dir.path() + "/bin:/usr/bin:/bin");
    const ProcessResult run = RunProcess("/bin/bash", options);
    ASSERT_TRUE(run.exited_normally()) << run.Describe();
    ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
    envelopes.push_back(ReadText(dir.path() + "/envelope.json"));
    rapidjson::Document envelope;
    std::string why;
    ASSERT_TRUE(ParseSingleJson(envelopes.back(), &envelope, &why)) << why;
    EXPECT_TRUE(envelope["success"].GetBool());
  }
  EXPECT_EQ(envelopes[0], envelopes[1]);
}

}  // namespace
}  // namespace kosmo::e2e
