#include "e2e/case_file.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <string_view>

#include "e2e/case_repeat.h"

namespace kosmo::e2e {

const char* const kContainsKeys[] = {"stdout_contains",
                                     "stdout_not_contains",
                                     "stderr_contains",
                                     "stderr_not_contains",
                                     "error_contains",
                                     "error_not_contains",
                                     "output_contains",
                                     "output_not_contains",
                                     "vendor_request_contains",
                                     "vendor_request_not_contains",
                                     "file_contains",
                                     "file_not_contains",
                                     nullptr};

namespace {

enum class Section { kHeader, kScript, kStdin, kStdout, kFile, kExpect };

// A line that starts a section; `file_path` is the PATH of "--- file PATH" (trimmed).
struct Marker {
  Section section;
  std::string file_path;
};

constexpr std::string_view kFileMarker = "--- file";

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// "--- script" etc. at column 0 start a section, and so does "--- file" with its path; any other
// line starting with "---" (a Lua comment) is ordinary content.
std::optional<Marker> SectionMarker(const std::string& line) {
  if (line == "--- script") return Marker{Section::kScript, ""};
  if (line == "--- stdin") return Marker{Section::kStdin, ""};
  if (line == "--- stdout") return Marker{Section::kStdout, ""};
  if (line == "--- expect") return Marker{Section::kExpect, ""};
  // A bare "--- file" is a marker too, so that a forgotten path is an error, not file content.
  if (line == kFileMarker || line.rfind(std::string(kFileMarker) + " ", 0) == 0) {
    return Marker{Section::kFile, Trim(line.substr(kFileMarker.size()))};
  }
  return std::nullopt;
}

// Sections whose lines are kept byte for byte rather than read as "key: value".
bool IsRaw(Section section) { return section != Section::kHeader && section != Section::kExpect; }

// The runner writes {tmp}/PATH: an absolute path or a ".." segment would reach outside the case's
// temporary directory into files of the machine running the tests, so both are refused here,
// before anything runs.
bool CheckTmpPath(const std::string& path, std::string* error) {
  const std::string quoted = "'--- file " + path + "': ";
  if (path.empty()) return *error = "'--- file' needs a path relative to {tmp}", false;
  if (path.front() == '/') {
    return *error = quoted + "absolute path, write it relative to {tmp}", false;
  }
  if (path.back() == '/') return *error = quoted + "names a directory, not a file", false;
  std::istringstream segments(path);
  for (std::string segment; std::getline(segments, segment, '/');) {
    if (segment == "..") return *error = quoted + "a '..' segment would leave {tmp}", false;
  }
  return true;
}

// Starts the "--- file PATH" section PATH; a second section for the same PATH would silently
// replace the first, so it is refused.
bool AddTmpFile(const std::string& path, CaseFile* c, std::string* error) {
  if (!CheckTmpPath(path, error)) return false;
  for (const auto& file : c->files) {
    if (file.path == path) return *error = "'--- file " + path + "' twice", false;
  }
  c->files.push_back(CaseTmpFile{path, ""});
  return true;
}

bool IsContainsKey(const std::string& key) {
  for (const char* const* k = kContainsKeys; *k != nullptr; ++k) {
    if (key == *k) return true;
  }
  return false;
}

// A value written as a JSON string ("a\tb") is decoded, so tabs, newlines and arbitrary bytes
// (\u00ff) can be expressed; anything else is taken literally.
bool DecodeValue(const std::string& raw, std::string* out) {
  if (raw.size() >= 2 && raw.front() == '"' && raw.back() == '"') {
    rapidjson::Document doc;
    doc.Parse(raw.c_str(), raw.size());
    if (doc.HasParseError() || !doc.IsString()) return false;
    out->assign(doc.GetString(), doc.GetStringLength());
    return true;
  }
  *out = raw;
  return true;
}

bool ParseNumber(const std::string& text, double* out) {
  char* end = nullptr;
  *out = std::strtod(text.c_str(), &end);
  return !text.empty() && end != nullptr && *end == '\0';
}

bool ParseBool(const std::string& text, bool* out) {
  if (text == "yes" || text == "true") return *out = true, true;
  if (text == "no" || text == "false") return *out = false, true;
  return false;
}

// Raw sections keep their lines byte for byte (each ending in "\n"), minus trailing blank lines.
std::string JoinRaw(std::vector<std::string> lines) {
  while (!lines.empty() && Trim(lines.back()).empty()) lines.pop_back();
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

bool ApplyHeader(const std::string& key, const std::string& value, CaseFile* c,
                 std::string* error) {
  if (key == "args") return TokenizeArgs(value, &c->args, error);
  if (key == "env") {
    size_t eq = value.find('=');
    if (eq == std::string::npos || eq == 0) return *error = "env needs NAME=value", false;
    c->env.emplace_back(value.substr(0, eq), value.substr(eq + 1));
    return true;
  }
  if (key == "env_mode") {
    if (value != "minimal" && value != "inherit")
      return *error = "env_mode: minimal|inherit", false;
    c->inherit_env = value == "inherit";
    return true;
  }
  if (key == "stdin") {
    if (value == "devnull")
      c->stdin_mode = CaseStdin::kDevNull;
    else if (value == "closed")
      c->stdin_mode = CaseStdin::kClosed;
    else if (value == "script")
      c->stdin_mode = CaseStdin::kScript;
    else if (value == "open")
      c->stdin_mode = CaseStdin::kOpen;
    else
      return *error = "stdin: devnull|closed|script|open (or a --- stdin section)", false;
    return true;
  }
  if (key == "vendor_fault") {
    VendorFaultSpec fault;
    if (!ParseVendorFault(value, &fault, error)) return false;
    c->vendor_faults.push_back(std::move(fault));
    return true;
  }
  if (key == "mcp_server") {
    McpServerSpec server;
    if (!ParseMcpServer(value, &server, error)) return false;
    for (const auto& other : c->mcp_servers) {
      if (other.name == server.name)
        return *error = "mcp_server '" + server.name + "' twice", false;
    }
    c->mcp_servers.push_back(std::move(server));
    return true;
  }
  *error = "unknown header key '" + key + "'";
  return false;
}

bool ApplyExpect(const std::string& key, const std::string& raw, CaseFile* c, std::string* error) {
  double number = 0;
  if (key == "exit") {
    if (!ParseNumber(raw, &number)) return *error = "exit needs a number", false;
    c->exit_code = static_cast<int>(number);
    return true;
  }
  if (key == "max_seconds") {
    if (!ParseNumber(raw, &number) || number <= 0) return *error = "bad max_seconds", false;
    c->max_seconds = number;
    return true;
  }
  if (key == "min_seconds") {
    if (!ParseNumber(raw, &number) || number < 0) return *error = "bad min_seconds", false;
    c->min_seconds = number;
    return true;
  }
  if (key == "max_rss_mb") {
    if (!ParseNumber(raw, &number) || number <= 0) return *error = "bad max_rss_mb", false;
    c->max_rss_mb = number;
    return true;
  }
  if (key == "vendor_requests") {
    if (!ParseNumber(raw, &number) || number < 0 || number != static_cast<size_t>(number)) {
      return *error = "vendor_requests needs a count", false;
    }
    c->vendor_requests = static_cast<size_t>(number);
    return true;
  }
  if (key == "envelope") {
    if (!ParseBool(raw, &c->check_envelope)) return *error = "envelope: yes|no", false;
    return true;
  }
  if (key == "stderr_empty") {
    if (!ParseBool(raw, &c->stderr_empty)) return *error = "stderr_empty: yes|no", false;
    return true;
  }
  if (key == "json") {
    rapidjson::Document doc;
    doc.Parse(raw.c_str(), raw.size());
    if (doc.HasParseError()) return *error = "json: value is not valid JSON", false;
    c->json_subsets.push_back(raw);
    return true;
  }
  if (key == "error_code") {  // shorthand for json: {"error_code": "..."}
    c->json_subsets.push_back("{\"error_code\": \"" + raw + "\"}");
    return true;
  }
  if (IsContainsKey(key)) {
    std::string value;
    if (!DecodeValue(raw, &value)) return *error = "bad quoted value", false;
    c->contains.emplace_back(key, value);
    return true;
  }
  *error = "unknown expect key '" + key + "'";
  return false;
}

// The stdin source once every section is read: a "--- stdin" section, or what `stdin:` named.
bool ResolveStdin(CaseFile* c, std::string* error) {
  if (c->stdin_text && c->stdin_mode != CaseStdin::kDevNull) {
    return *error = "'--- stdin' and 'stdin:' are exclusive", false;
  }
  if (c->stdin_text) c->stdin_mode = CaseStdin::kSection;
  if (c->stdin_mode == CaseStdin::kScript && !c->script) {
    return *error = "'stdin: script' needs a '--- script' section", false;
  }
  return true;
}

}  // namespace

bool CaseFile::json_mode() const {
  return std::find(args.begin(), args.end(), "--json") != args.end();
}

bool CaseFile::uses_vendor() const {
  if (!vendor_faults.empty() || vendor_requests) return true;
  for (const auto& [key, text] : contains) {
    if (key.rfind("vendor_", 0) == 0) return true;
  }
  auto mentions = [](const std::string& text) {
    return text.find("{vendor}") != std::string::npos;
  };
  if (std::any_of(args.begin(), args.end(), mentions)) return true;
  return std::any_of(env.begin(), env.end(), [&](const auto& e) { return mentions(e.second); });
}

bool TokenizeArgs(const std::string& line, std::vector<std::string>* out, std::string* error) {
  std::string current;
  bool in_token = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char ch = line[i];
    if (ch == ' ' || ch == '\t') {
      if (in_token) out->push_back(current);
      current.clear();
      in_token = false;
    } else if (ch == '\'') {
      size_t close = line.find('\'', i + 1);
      if (close == std::string::npos) return *error = "unterminated ' in args", false;
      current += line.substr(i + 1, close - i - 1);
      in_token = true;
      i = close;
    } else if (ch == '"') {
      in_token = true;
      for (++i; i < line.size() && line[i] != '"'; ++i) {
        if (line[i] == '\\' && i + 1 < line.size() && (line[i + 1] == '"' || line[i + 1] == '\\')) {
          ++i;
        }
        current += line[i];
      }
      if (i >= line.size()) return *error = "unterminated \" in args", false;
    } else {
      current += ch;
      in_token = true;
    }
  }
  if (in_token) out->push_back(current);
  return true;
}

bool ParseCaseFile(const std::string& name, const std::string& text, CaseFile* out,
                   std::string* error) {
  CaseFile c;
  c.name = name;
  Section section = Section::kHeader;
  std::vector<std::string> raw;
  RepeatLines file_lines;  // "--- repeat N" blocks of "--- file" sections
  bool saw_args = false, saw_expect = false;
  auto flush_raw = [&]() {
    if (section == Section::kScript) c.script = JoinRaw(raw);
    if (section == Section::kStdin) c.stdin_text = JoinRaw(raw);
    if (section == Section::kStdout) c.exact_stdout = JoinRaw(raw);
    if (section == Section::kFile) c.files.back().bytes = JoinRaw(raw);
    raw.clear();
  };

  std::istringstream in(text);
  std::string line;
  for (int lineno = 1; std::getline(in, line); ++lineno) {
    auto fail = [&](const std::string& why) {
      *error = "line " + std::to_string(lineno) + ": " + why;
      return false;
    };
    std::string trimmed = Trim(line);
    std::string right_trimmed = line.substr(0, line.find_last_not_of(" \t\r") + 1);
    std::string why;
    if (std::optional<Marker> marker = SectionMarker(right_trimmed)) {
      if (section == Section::kFile && !file_lines.Finish(&why)) return fail(why);
      flush_raw();
      section = marker->section;
      saw_expect |= section == Section::kExpect;
      if (section == Section::kFile && !AddTmpFile(marker->file_path, &c, &why)) return fail(why);
      continue;
    }
    if (section == Section::kFile) {
      if (!file_lines.Add(line, &raw, &why)) return fail(why);
      continue;
    }
    if (IsRaw(section)) {
      raw.push_back(line);
      continue;
    }
    if (trimmed.empty()) continue;
    if (trimmed[0] == '#') {
      if (section == Section::kHeader && !saw_args) {
        c.description += Trim(trimmed.substr(1)) + "\n";
      }
      continue;
    }
    size_t colon = trimmed.find(':');
    if (colon == std::string::npos) return fail("expected 'key: value'");
    std::string key = Trim(trimmed.substr(0, colon));
    std::string value = Trim(trimmed.substr(colon + 1));
    bool ok = section == Section::kHeader ? ApplyHeader(key, value, &c, &why)
                                          : ApplyExpect(key, value, &c, &why);
    if (!ok) return fail(why);
    saw_args |= key == "args";
  }
  if (section == Section::kFile && !file_lines.Finish(error)) return false;
  flush_raw();

  if (!saw_args) return *error = "missing 'args:'", false;
  if (!saw_expect || !c.exit_code) return *error = "missing '--- expect' with 'exit:'", false;
  if (!ResolveStdin(&c, error)) return false;
  *out = std::move(c);
  return true;
}

}  // namespace kosmo::e2e
