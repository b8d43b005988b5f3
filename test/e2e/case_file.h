// One end-to-end case, as read from test/e2e/cases/*.case. The format is documented in
// test/e2e/cases/README.md and at the top of case_runner_test.cpp.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "e2e/case_mcp_servers.h"
#include "e2e/case_vendor_fault.h"

namespace kosmo::e2e {

enum class CaseStdin { kDevNull, kClosed, kScript, kSection, kOpen };

// A "--- file PATH" section: `bytes` go to {tmp}/PATH before kosmo starts (a project's
// .kosmo/config.yaml, a user config under kosmo-home/, a manifest). PATH is relative and has no
// ".." segment, so a case never writes outside its temporary directory.
struct CaseTmpFile {
  std::string path;
  std::string bytes;
};

struct CaseFile {
  std::string name;               // file name without ".case"
  std::string description;        // the leading '#' comment lines
  std::vector<std::string> args;  // tokenized, placeholders not yet replaced
  std::vector<std::pair<std::string, std::string>> env;
  bool inherit_env = false;
  CaseStdin stdin_mode = CaseStdin::kDevNull;
  std::optional<std::string> script;           // "--- script" section
  std::optional<std::string> stdin_text;       // "--- stdin" section
  std::optional<std::string> exact_stdout;     // "--- stdout" section
  std::vector<CaseTmpFile> files;              // "--- file PATH" sections, in file order
  std::vector<VendorFaultSpec> vendor_faults;  // "vendor_fault:" lines, in file order
  std::vector<McpServerSpec> mcp_servers;      // "mcp_server:" lines

  // Expectations ("--- expect").
  std::optional<int> exit_code;
  double max_seconds = 20.0;
  double min_seconds = 0.0;  // e.g. proves that a Retry-After wait happened
  std::optional<double> max_rss_mb;
  bool check_envelope = true;  // with --json: the envelope invariants
  bool stderr_empty = false;
  std::vector<std::string> json_subsets;  // each a JSON text
  // Substring checks: (key, text), key one of the kContainsKeys.
  std::vector<std::pair<std::string, std::string>> contains;
  std::optional<size_t> vendor_requests;  // how many requests the fake vendor server received

  bool json_mode() const;
  // Whether the case needs the fake vendor server: a fault, a vendor expectation or {vendor}.
  bool uses_vendor() const;
};

// Keys of the substring checks, e.g. "stdout_contains", "error_not_contains",
// "vendor_request_contains".
extern const char* const kContainsKeys[];

// Splits a command line: whitespace separates; '...' is literal; "..." allows \" and \\.
bool TokenizeArgs(const std::string& line, std::vector<std::string>* out, std::string* error);

// Parses the text of a case file. Returns false with `error` ("line N: ...") on malformed input.
bool ParseCaseFile(const std::string& name, const std::string& text, CaseFile* out,
                   std::string* error);

}  // namespace kosmo::e2e
