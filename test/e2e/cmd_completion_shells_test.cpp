// `kosmo completion bash|zsh|fish` and `kosmo __man`, judged by the programs that read them: each
// shell parses its script (-n), bash and fish complete real command lines with it, and groff
// reads the man page without a warning. A shell or groff that is not installed skips its test
// with a message (scripts/install-deps does not install zsh or fish).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "e2e/kosmo_process.h"
#include "e2e/temp_dir.h"

namespace kosmo::e2e {
namespace {

// `program`'s path on PATH, or "" when it is not installed.
std::string find_program(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string dirs = path == nullptr ? "/usr/bin:/bin" : path;
  size_t start = 0;
  while (start <= dirs.size()) {
    const size_t end = std::min(dirs.find(':', start), dirs.size());
    const std::string candidate = dirs.substr(start, end - start) + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "";
}

// kosmo's output for `args`, which must succeed.
std::string KosmoOutput(const std::vector<std::string>& args) {
  ProcessOptions options;
  options.args = args;
  options.minimal_env = true;
  const ProcessResult run = RunKosmo(options);
  EXPECT_EQ(run.exit_code, 0) << run.Describe() << "\n" << run.err;
  return run.out;
}

ProcessResult RunTool(const std::string& binary, const std::vector<std::string>& args) {
  ProcessOptions options;
  options.args = args;
  options.measure_child_rss = false;
  return RunProcess(binary, options);
}

class CompletionShellTest : public ::testing::TestWithParam<const char*> {};

TEST_P(CompletionShellTest, ScriptParsesAndNamesCommandsFlagsAndFunctions) {
  const std::string shell = GetParam();
  const std::string binary = find_program(shell);
  if (binary.empty()) GTEST_SKIP() << shell << " is not installed: its completion NOT CHECKED";
  TempDir dir;
  const std::string script = KosmoOutput({"completion", shell});
  EXPECT_NE(script.find("integrations:call"), std::string::npos);
  EXPECT_NE(script.find("eval"), std::string::npos);
  EXPECT_NE(script.find("sinch.get_group"), std::string::npos);
  const ProcessResult parsed = RunTool(binary, {"-n", dir.WriteFile("kosmo." + shell, script)});
  EXPECT_EQ(parsed.exit_code, 0) << parsed.Describe() << "\n" << parsed.err;
  EXPECT_EQ(parsed.err, "");
}

INSTANTIATE_TEST_SUITE_P(Shells, CompletionShellTest, ::testing::Values("bash", "zsh", "fish"));

// The words bash offers after `line` (the cursor at its end), one per line.
std::string BashCompletes(const std::string& script_file, const std::string& line) {
  const std::string program = "source '" + script_file + "'; COMP_LINE='" + line +
                              "'; COMP_POINT=${#COMP_LINE}; _kosmo; printf '%s\\n' "
                              "\"${COMPREPLY[@]}\"";
  const ProcessResult run = RunTool("/bin/bash", {"-c", program});
  EXPECT_EQ(run.exit_code, 0) << run.Describe() << "\n" << run.err;
  return run.out;
}

TEST(CompletionBashTest, CompletesCommandsOptionsFunctionsAndShells) {
  TempDir dir;
  const std::string file = dir.WriteFile("kosmo.bash", KosmoOutput({"completion", "bash"}));
  // Bash splits at ':', so the reply is what follows "integrations:".
  EXPECT_EQ(BashCompletes(file, "kosmo integrations:ca"), "call\n");
  EXPECT_EQ(BashCompletes(file, "kosmo integrations:lua --ev"), "--eval\n");
  EXPECT_EQ(BashCompletes(file, "kosmo integrations:call sinch.get_g"), "sinch.get_group\n");
  EXPECT_EQ(BashCompletes(file, "kosmo completion z"), "zsh\n");
  // After the function, and after an option's value, nothing is offered but files.
  EXPECT_EQ(BashCompletes(file, "kosmo integrations:call sinch.get_group sin"), "\n");
  EXPECT_EQ(BashCompletes(file, "kosmo integrations:lua --eval "), "\n");
}

TEST(CompletionFishTest, CompletesFunctionNames) {
  const std::string fish = find_program("fish");
  if (fish.empty()) GTEST_SKIP() << "fish is not installed: its completion NOT CHECKED";
  TempDir dir;
  const std::string file = dir.WriteFile("kosmo.fish", KosmoOutput({"completion", "fish"}));
  const ProcessResult run = RunTool(
      fish, {"-c", "source " + file + "; complete -C'kosmo integrations:call sinch.get_g'"});
  EXPECT_EQ(run.out, "sinch.get_group\n") << run.err;
}

TEST(ManPageTest, GroffReadsItWithoutWarnings) {
  const std::string groff = find_program("groff");
  if (groff.empty()) GTEST_SKIP() << "groff is not installed: the man page NOT CHECKED";
  TempDir dir;
  const std::string page = KosmoOutput({"__man"});
  EXPECT_EQ(page.rfind(".TH KOSMO 1", 0), 0u);
  const ProcessResult run =
      RunTool(groff, {"-man", "-Tutf8", "-ww", "-z", dir.WriteFile("kosmo.1", page)});
  EXPECT_EQ(run.exit_code, 0) << run.Describe();
  EXPECT_EQ(run.err, "");
}

}  // namespace
}  // namespace kosmo::e2e
