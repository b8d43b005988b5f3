// Tests of the e2e harness itself (subprocess runner, JSON checks, case parser), using /bin/sh
// instead of kosmo so that harness bugs are not mistaken for product bugs.

#include <gtest/gtest.h>

#include "e2e/case_file.h"
#include "e2e/json_match.h"
#include "e2e/kosmo_process.h"

namespace kosmo::e2e {
namespace {

ProcessResult Sh(const std::string& script, ProcessOptions options = {}) {
  options.args = {"-c", script};
  return RunProcess("/bin/sh", options);
}

TEST(HarnessProcess, CapturesBothStreamsAndExitCode) {
  ProcessResult r = Sh("echo out; echo err >&2; exit 7");
  EXPECT_EQ(r.out, "out\n");
  EXPECT_EQ(r.err, "err\n");
  EXPECT_EQ(r.exit_code, 7);
  EXPECT_TRUE(r.exited_normally());
  EXPECT_GT(r.peak_rss_kb, 0);
}

TEST(HarnessProcess, BigOutputOnBothStreamsWhileFeedingBigStdinDoesNotDeadlock) {
  ProcessOptions options;
  options.stdin_mode = StdinMode::kData;
  options.stdin_data.assign(4 << 20, 'i');
  options.timeout_seconds = 30;
  ProcessResult r = Sh("head -c 3000000 /dev/zero >&2; cat; head -c 3000000 /dev/zero", options);
  EXPECT_TRUE(r.exited_normally()) << r.Describe();
  EXPECT_EQ(r.out.size(), (4u << 20) + 3000000u);
  EXPECT_EQ(r.err.size(), 3000000u);
}

TEST(HarnessProcess, ChildThatIgnoresStdinDoesNotKillTheHarness) {
  ProcessOptions options;
  options.stdin_mode = StdinMode::kData;
  options.stdin_data.assign(8 << 20, 'i');
  ProcessResult r = Sh("exit 0", options);
  EXPECT_EQ(r.exit_code, 0);
}

TEST(HarnessProcess, TimeoutKillsTheWholeProcessGroup) {
  ProcessOptions options;
  options.timeout_seconds = 0.5;
  ProcessResult r = Sh("sleep 30 & sleep 30", options);
  EXPECT_TRUE(r.timed_out);
  EXPECT_LT(r.wall_seconds, 5.0);
}

TEST(HarnessProcess, StdinModesAndMinimalEnvironment) {
  ProcessOptions options;
  options.minimal_env = true;
  options.env = {{"EXTRA", "x"}};
  ProcessResult r = Sh("cat; echo \"$EXTRA|${KOSMO_HOME:+set}|${HOME}\"", options);
  EXPECT_EQ(r.out.substr(0, 6), "x|set|");
  EXPECT_NE(r.out.find("kosmo-e2e-home-"), std::string::npos);

  options.stdin_mode = StdinMode::kClosed;
  r = Sh("cat 2>/dev/null; echo rc=$?", options);
  EXPECT_NE(r.out, "rc=0\n");
}

TEST(HarnessProcess, PeakRssIsTheChildsOwn) {
  ProcessResult small = RunProcess("/bin/true", {});
  EXPECT_EQ(small.exit_code, 0);
#ifndef KOSMO_SANITIZED  // the sanitized test binary's own relaunch carries shadow memory
  EXPECT_LT(small.peak_rss_kb, 8 * 1024) << "inflated by the test process?";
#endif
  ProcessResult big = Sh("x=$(head -c 30000000 /dev/zero | tr '\\0' a); echo ${#x}");
  EXPECT_EQ(big.out, "30000000\n");
  EXPECT_GT(big.peak_rss_kb, 25 * 1024);
  ProcessResult missing = RunProcess("/nonexistent/kosmo", {});
  EXPECT_FALSE(missing.spawn_error.empty()) << missing.Describe();
}

TEST(HarnessProcess, ReportsSignals) {
  ProcessResult r = Sh("kill -SEGV $$");
  EXPECT_EQ(r.term_signal, SIGSEGV);
  EXPECT_FALSE(r.exited_normally());
}

TEST(HarnessJson, ExactlyOneDocument) {
  rapidjson::Document doc;
  std::string why;
  EXPECT_TRUE(ParseSingleJson("{\"a\": [1]}\n", &doc, &why)) << why;
  EXPECT_FALSE(ParseSingleJson("{} {}", &doc, &why));
  EXPECT_FALSE(ParseSingleJson("hello\n{}", &doc, &why));
  EXPECT_FALSE(ParseSingleJson("", &doc, &why));
  EXPECT_FALSE(ParseSingleJson("\"\xff\"", &doc, &why));  // invalid UTF-8
}

TEST(HarnessJson, SubsetMatch) {
  rapidjson::Document expected, actual;
  expected.Parse(R"({"a": {"b": 1}, "c": [{"d": "x"}]})");
  actual.Parse(R"({"a": {"b": 1.0, "z": 2}, "c": [{"d": "x", "e": 0}], "f": null})");
  std::vector<std::string> problems;
  EXPECT_TRUE(JsonSubsetMatch(expected, actual, "", &problems));
  actual.Parse(R"({"a": {"b": 2}, "c": []})");
  EXPECT_FALSE(JsonSubsetMatch(expected, actual, "", &problems));
  EXPECT_EQ(problems.size(), 2u);
}

TEST(HarnessJson, EnvelopeInvariants) {
  rapidjson::Document doc;
  doc.Parse(R"({"success": false, "output": "", "error": "eval:1: boom", "error_code": "lua_error",
    "result": null, "execution_time_ms": 1.5, "memory_usage": 100, "integration_calls": [],
    "meta": {"permission_bypassed": false, "dry_run": false, "schema_version": 1}})");
  std::vector<std::string> problems;
  CheckEnvelope(doc, 1, &problems);
  EXPECT_TRUE(problems.empty()) << problems.front();
  CheckEnvelope(doc, 0, &problems);  // success false with exit 0
  EXPECT_EQ(problems.size(), 1u);
}

TEST(HarnessCaseFile, ParsesSectionsAndKeepsLuaCommentLines) {
  CaseFile c;
  std::string error;
  ASSERT_TRUE(ParseCaseFile("demo", R"(# proves things
args: integrations:lua --json --eval 'print("a b")' {script}
env: A=1
--- script
--- a Lua doc comment, not a section
return 1
--- expect
exit: 0
json: {"result": [1]}
output_contains: "a\tb"
)",
                            &c, &error))
      << error;
  EXPECT_EQ(c.description, "proves things\n");
  ASSERT_EQ(c.args.size(), 5u);
  EXPECT_EQ(c.args[3], "print(\"a b\")");
  EXPECT_TRUE(c.json_mode());
  EXPECT_EQ(*c.script, "--- a Lua doc comment, not a section\nreturn 1\n");
  EXPECT_EQ(c.contains.at(0).second, "a\tb");
  EXPECT_FALSE(ParseCaseFile("bad", "args: x\n--- expect\n", &c, &error));  // no exit
}

TEST(HarnessCaseFile, FileSectionsKeepTheirBytesAndStayInsideTmp) {
  CaseFile c;
  std::string error;
  ASSERT_TRUE(ParseCaseFile("files", R"(args: integrations:list
--- file .kosmo/config.yaml
integrations:
  sinch: {permissions: {read: deny}}   # trailing comment kept

--- file   kosmo-home/config.yaml
--- file-like Lua comment, content
--- expect
exit: 0
)",
                            &c, &error))
      << error;
  ASSERT_EQ(c.files.size(), 2u);
  EXPECT_EQ(c.files[0].path, ".kosmo/config.yaml");
  EXPECT_EQ(c.files[0].bytes,
            "integrations:\n  sinch: {permissions: {read: deny}}   # trailing comment kept\n");
  EXPECT_EQ(c.files[1].path, "kosmo-home/config.yaml");
  EXPECT_EQ(c.files[1].bytes, "--- file-like Lua comment, content\n");

  auto refusal = [&](const std::string& marker) {
    CaseFile ignored;
    EXPECT_FALSE(
        ParseCaseFile("bad", "args: x\n" + marker + "\nx\n--- expect\nexit: 0\n", &ignored, &error))
        << marker;
    return error;
  };
  EXPECT_EQ(refusal("--- file /etc/passwd"),
            "line 2: '--- file /etc/passwd': absolute path, write it relative to {tmp}");
  EXPECT_NE(refusal("--- file a/../../x").find("'..' segment"), std::string::npos) << error;
  EXPECT_NE(refusal("--- file ..").find("'..' segment"), std::string::npos) << error;
  EXPECT_NE(refusal("--- file").find("needs a path"), std::string::npos) << error;
  EXPECT_NE(refusal("--- file dir/").find("directory"), std::string::npos) << error;
  EXPECT_NE(refusal("--- file a\nx\n--- file a").find("twice"), std::string::npos) << error;
  EXPECT_TRUE(ParseCaseFile("dots", "args: x\n--- file ..x/y..\n--- expect\nexit: 0\n", &c, &error))
      << "'..x' is a name, not a '..' segment: " << error;
}

TEST(HarnessCaseFile, RepeatBlocksOfAFileSectionAreExpandedAndNumbered) {
  CaseFile c;
  std::string error;
  ASSERT_TRUE(ParseCaseFile("repeat", R"(args: integrations:list
--- file deep.json
--- repeat 3
[
--- end repeat
--- file kosmo-home/config.yaml
accounts:
--- repeat 2
  a{i}: {token: t{i}}
  # {i}{i}
--- end repeat
end: true
--- script
--- repeat 2
--- expect
exit: 0
)",
                            &c, &error))
      << error;
  ASSERT_EQ(c.files.size(), 2u);
  EXPECT_EQ(c.files[0].bytes, "[\n[\n[\n");
  EXPECT_EQ(c.files[1].bytes,
            "accounts:\n  a1: {token: t1}\n  # 11\n  a2: {token: t2}\n  # 22\nend: true\n");
  EXPECT_EQ(c.script, "--- repeat 2\n") << "only file sections have repeat blocks";

  auto refusal = [&](const std::string& body) {
    CaseFile ignored;
    EXPECT_FALSE(ParseCaseFile("bad", "args: x\n--- file f\n" + body + "--- expect\nexit: 0\n",
                               &ignored, &error))
        << body;
    return error;
  };
  EXPECT_EQ(refusal("--- repeat 2\nx\n"), "line 5: '--- repeat N' without '--- end repeat'");
  EXPECT_EQ(refusal("x\n--- end repeat\n"), "line 4: '--- end repeat' without '--- repeat N'");
  EXPECT_NE(refusal("--- repeat 0\n--- end repeat\n").find("needs N"), std::string::npos);
  EXPECT_NE(refusal("--- repeat x\n--- end repeat\n").find("needs N"), std::string::npos);
  EXPECT_NE(refusal("--- repeat 2\n--- repeat 2\n").find("inside"), std::string::npos);
}

}  // namespace
}  // namespace kosmo::e2e
