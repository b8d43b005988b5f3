// Script inputs (--arg, --arg-json, --input) where a case file cannot reach: raw newlines in
// one argv word, values near Linux's 128 KiB limit for one argv string, 1 MiB values, a FIFO
// that never delivers, and an executable script started through its shebang line. The rest of
// the behaviour is in cases/inputs_*.case.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>

#include "e2e/kosmo_process.h"
#include "e2e/temp_dir.h"

namespace kosmo::e2e {
namespace {

// A value with everything that breaks shell splicing: quotes of both kinds, a backslash, Lua
// long-bracket delimiters, a raw newline and a tab, two- and four-byte UTF-8.
const std::string kHostile = "line 1 \"double\" 'single' \\ ]] --[[ $(rm -rf /)\nline 2\té🎉";

rapidjson::Document Envelope(const ProcessResult& run) {
  rapidjson::Document envelope;
  std::string why;
  EXPECT_TRUE(ParseSingleJson(run.out, &envelope, &why)) << why << "\n" << run.err;
  return envelope;
}

ProcessResult RunInputs(std::vector<std::string> args, StdinMode stdin_mode = StdinMode::kDevNull,
                        std::string stdin_data = "") {
  ProcessOptions options;
  options.args = std::move(args);
  options.minimal_env = true;
  options.measure_child_rss = false;
  options.stdin_mode = stdin_mode;
  options.stdin_data = std::move(stdin_data);
  return RunKosmo(options);
}

// `count` bytes of a repeated multi-byte pattern with quotes and newlines, as a Lua string
// would hold it, and as the JSON string literal that encodes it.
struct BigValue {
  std::string raw;
  std::string json_literal;
};
BigValue MakeBigValue(size_t count) {
  const std::string unit = "héllo \"wörld\"\n";  // 17 bytes
  const std::string unit_json = "h\\u00e9llo \\\"w\\u00f6rld\\\"\\n";
  BigValue value;
  value.json_literal = "\"";
  while (value.raw.size() + unit.size() <= count) {
    value.raw += unit;
    value.json_literal += unit_json;
  }
  value.json_literal += "\"";
  return value;
}

TEST(ScriptInputs, RawNewlinesQuotesAndUnicodeInOneArgArriveUnchanged) {
  const ProcessResult run = RunInputs(
      {"integrations:lua", "--json", "--arg", "v=" + kHostile, "--eval", "return args.v"});
  ASSERT_TRUE(run.exited_normally()) << run.Describe();
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const rapidjson::Document envelope = Envelope(run);
  EXPECT_EQ(std::string(envelope["result"][0].GetString()), kHostile);
}

TEST(ScriptInputs, AnArgNearTheKernelsLimitForOneArgvStringArrivesWhole) {
  // Linux refuses a single argv string over 128 KiB (MAX_ARG_STRLEN); larger values go
  // through --input.
  const std::string value(120 * 1024, 'x');
  const ProcessResult run =
      RunInputs({"integrations:lua", "--json", "--arg", "v=" + value, "--eval", "return #args.v"});
  ASSERT_TRUE(run.exited_normally()) << run.Describe();
  ASSERT_EQ(run.exit_code, 0) << run.out.substr(0, 2000) << run.err;
  EXPECT_EQ(Envelope(run)["result"][0].GetInt64(), static_cast<int64_t>(value.size()));
}

TEST(ScriptInputs, OneMebibyteValueFromAnInputFileArrivesWhole) {
  TempDir dir("kosmo-e2e-inputs-");
  const BigValue big = MakeBigValue(size_t{1} << 20);
  const std::string path = dir.WriteFile("params.json", "{\"big\": " + big.json_literal + "}");
  const ProcessResult run =
      RunInputs({"integrations:lua", "--json", "--input", path, "--eval", "return args.big"});
  ASSERT_TRUE(run.exited_normally()) << run.Describe();
  ASSERT_EQ(run.exit_code, 0) << run.out.substr(0, 2000) << run.err;
  EXPECT_EQ(std::string(Envelope(run)["result"][0].GetString()), big.raw);
}

TEST(ScriptInputs, OneMebibyteValueFromStdinArrivesWhole) {
  const BigValue big = MakeBigValue(size_t{1} << 20);
  const ProcessResult run =
      RunInputs({"integrations:lua", "--json", "--input", "-", "--eval", "return args.big"},
                StdinMode::kData, "{\"big\": " + big.json_literal + "}");
  ASSERT_TRUE(run.exited_normally()) << run.Describe();
  ASSERT_EQ(run.exit_code, 0) << run.out.substr(0, 2000) << run.err;
  EXPECT_EQ(std::string(Envelope(run)["result"][0].GetString()), big.raw);
}

TEST(ScriptInputs, ACutOneMebibyteInputFileIsAUsageError) {
  TempDir dir("kosmo-e2e-inputs-");
  // Cut before the closing quote: not JSON.
  const BigValue big = MakeBigValue(size_t{1} << 20);
  const std::string path =
      dir.WriteFile("params.json", "{\"big\": " + big.json_literal.substr(0, 1 << 19));
  const ProcessResult run =
      RunInputs({"integrations:lua", "--json", "--input", path, "--eval", "return 1"});
  ASSERT_TRUE(run.exited_normally()) << run.Describe();
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  const rapidjson::Document envelope = Envelope(run);
  EXPECT_STREQ(envelope["error_code"].GetString(), "usage");
  EXPECT_NE(std::string(envelope["error"].GetString()).find("invalid JSON"), std::string::npos);
}

TEST(ScriptInputs, AnInputFifoWithoutAWriterEndsAtTheRunTimeout) {
  TempDir dir("kosmo-e2e-inputs-fifo-");
  const std::string fifo = dir.path() + "/params.json";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const ProcessResult run = RunInputs(
      {"integrations:lua", "--json", "--timeout", "1", "--input", fifo, "--eval", "return 1"});
  ASSERT_TRUE(run.exited_normally()) << run.Describe();
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  const rapidjson::Document envelope = Envelope(run);
  EXPECT_STREQ(envelope["error_code"].GetString(), "timeout");
  EXPECT_EQ(std::string(envelope["error"].GetString()),
            "Timed out after 1 s while reading --input " + fifo);
}

TEST(ScriptInputs, AShebangScriptTakesInputsOnItsOwnCommandLine) {
  TempDir dir("kosmo-e2e-inputs-shebang-");
  const std::string script =
      dir.WriteFile("wf.lua", "#!" + KosmoBinary() +
                                  " integrations:lua\n"
                                  "return 'day=' .. args.day, args.v, args.n + 1\n");
  ASSERT_EQ(chmod(script.c_str(), 0755), 0);
  ProcessOptions options;
  options.args = {"--arg",      "day=2026-12-01", "--arg", "v=" + kHostile,
                  "--arg-json", "n=41",           "--json"};
  options.minimal_env = true;
  options.measure_child_rss = false;
  const ProcessResult run = RunProcess(script, options);
  ASSERT_TRUE(run.exited_normally()) << run.Describe() << run.spawn_error;
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const rapidjson::Document envelope = Envelope(run);
  EXPECT_STREQ(envelope["result"][0].GetString(), "day=2026-12-01");
  EXPECT_EQ(std::string(envelope["result"][1].GetString()), kHostile);
  EXPECT_EQ(envelope["result"][2].GetInt(), 42);
}

}  // namespace
}  // namespace kosmo::e2e
