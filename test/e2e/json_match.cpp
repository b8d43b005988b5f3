#include "e2e/json_match.h"

#include <algorithm>
#include <cstring>
#include <initializer_list>

#include "e2e/kosmo_process.h"

namespace kosmo::e2e {
namespace {

// Top-level envelope keys, in the order kosmo must write them.
constexpr const char* kEnvelopeKeys[] = {"success",      "output",
                                         "error",        "error_code",
                                         "result",       "execution_time_ms",
                                         "memory_usage", "integration_calls",
                                         "meta"};
// Keys of `meta` that must appear, in this relative order (more may follow).
constexpr const char* kMetaKeys[] = {"permission_bypassed", "dry_run", "schema_version"};

std::string Shorten(const std::string& s) {
  return s.size() > 300 ? s.substr(0, 300) + "…(" + std::to_string(s.size()) + " bytes)" : s;
}

std::string Show(const rapidjson::Value& v) { return Shorten(ToJson(v)); }

}  // namespace

bool JsonSubsetMatch(const rapidjson::Value& expected, const rapidjson::Value& actual,
                     const std::string& path, std::vector<std::string>* problems) {
  const size_t before = problems->size();
  const std::string where = path.empty() ? "$" : path;
  if (expected.IsObject()) {
    if (!actual.IsObject()) {
      problems->push_back(where + ": expected an object, got " + Show(actual));
    } else {
      for (const auto& m : expected.GetObject()) {
        std::string key(m.name.GetString(), m.name.GetStringLength());
        auto it = actual.FindMember(m.name);
        if (it == actual.MemberEnd()) {
          problems->push_back(where + "." + key + ": missing (expected " + Show(m.value) + ")");
        } else {
          JsonSubsetMatch(m.value, it->value, where + "." + key, problems);
        }
      }
    }
  } else if (expected.IsArray()) {
    if (!actual.IsArray() || actual.Size() != expected.Size()) {
      problems->push_back(where + ": expected " + Show(expected) + ", got " + Show(actual));
    } else {
      for (rapidjson::SizeType i = 0; i < expected.Size(); ++i) {
        JsonSubsetMatch(expected[i], actual[i], where + "[" + std::to_string(i) + "]", problems);
      }
    }
  } else if (expected.IsNumber()) {
    if (!actual.IsNumber() || actual.GetDouble() != expected.GetDouble()) {
      problems->push_back(where + ": expected " + Show(expected) + ", got " + Show(actual));
    }
  } else if (expected != actual) {
    problems->push_back(where + ": expected " + Show(expected) + ", got " + Show(actual));
  }
  return problems->size() == before;
}

void CheckEnvelope(const rapidjson::Value& doc, int exit_code, std::vector<std::string>* problems) {
  auto problem = [problems](const std::string& p) { problems->push_back("envelope: " + p); };
  if (!doc.IsObject()) return problem("not an object: " + Show(doc));

  std::vector<std::string> keys;
  for (const auto& m : doc.GetObject()) keys.emplace_back(m.name.GetString());
  std::vector<std::string> wanted(std::begin(kEnvelopeKeys), std::end(kEnvelopeKeys));
  if (keys != wanted) {
    std::string got;
    for (const auto& k : keys) got += (got.empty() ? "" : ",") + k;
    problem("keys are [" + got +
            "], expected success,output,error,error_code,result,"
            "execution_time_ms,memory_usage,integration_calls,meta in that order");
  }

  auto typed = [&](const char* key, std::initializer_list<rapidjson::Type> types,
                   const char* what) {
    auto it = doc.FindMember(key);
    if (it == doc.MemberEnd()) return;  // reported by the key check
    if (std::find(types.begin(), types.end(), it->value.GetType()) == types.end()) {
      problem(std::string(key) + " must be " + what + ", got " + Show(it->value));
    }
  };
  typed("success", {rapidjson::kTrueType, rapidjson::kFalseType}, "a boolean");
  typed("output", {rapidjson::kStringType}, "a string");
  typed("error", {rapidjson::kNullType, rapidjson::kStringType}, "null or a string");
  typed("error_code", {rapidjson::kNullType, rapidjson::kStringType}, "null or a string");
  typed("result", {rapidjson::kArrayType, rapidjson::kNullType}, "an array or null");
  typed("execution_time_ms", {rapidjson::kNumberType}, "a number");
  typed("memory_usage", {rapidjson::kNumberType}, "a number");
  typed("integration_calls", {rapidjson::kArrayType}, "an array");
  typed("meta", {rapidjson::kObjectType}, "an object");

  auto success = doc.FindMember("success");
  if (success != doc.MemberEnd() && success->value.IsBool()) {
    const bool ok = success->value.GetBool();
    if (ok != (exit_code == 0)) {
      problem("success is " + std::string(ok ? "true" : "false") + " but exit code is " +
              std::to_string(exit_code));
    }
    auto error = doc.FindMember("error");
    auto code = doc.FindMember("error_code");
    auto result = doc.FindMember("result");
    if (ok) {
      if (error != doc.MemberEnd() && !error->value.IsNull())
        problem("error must be null on success");
      if (code != doc.MemberEnd() && !code->value.IsNull())
        problem("error_code must be null on success");
      if (result != doc.MemberEnd() && !result->value.IsArray())
        problem("result must be an array on success");
    } else {
      if (error != doc.MemberEnd() &&
          !(error->value.IsString() && error->value.GetStringLength() > 0)) {
        problem("error must be a non-empty string on failure");
      }
      if (code != doc.MemberEnd() && !code->value.IsString())
        problem("error_code must be set on failure");
      // KosmoKrator's envelope has no result for a failed run: null, not [].
      if (result != doc.MemberEnd() && !result->value.IsNull()) {
        problem("result must be null on failure, got " + Show(result->value));
      }
    }
  }

  auto meta = doc.FindMember("meta");
  if (meta == doc.MemberEnd() || !meta->value.IsObject()) return;
  size_t next = 0;
  for (const auto& m : meta->value.GetObject()) {
    if (next < std::size(kMetaKeys) && std::strcmp(m.name.GetString(), kMetaKeys[next]) == 0)
      ++next;
  }
  if (next != std::size(kMetaKeys)) {
    problem("meta must hold permission_bypassed, dry_run, schema_version in that order, got " +
            Show(meta->value));
  }
  auto version = meta->value.FindMember("schema_version");
  if (version != meta->value.MemberEnd() &&
      !(version->value.IsInt() && version->value.GetInt() == 1)) {
    problem("meta.schema_version must be 1, got " + Show(version->value));
  }
  for (const char* flag : {"permission_bypassed", "dry_run"}) {
    auto it = meta->value.FindMember(flag);
    if (it != meta->value.MemberEnd() && !it->value.IsBool()) {
      problem(std::string("meta.") + flag + " must be a boolean");
    }
  }
}

}  // namespace kosmo::e2e
