#include "e2e/case_vendor_fault.h"

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <utility>

#include "e2e/case_file.h"

namespace kosmo::e2e {
namespace {

namespace faults = fakes::faults;

// A JSON object whose strings carry bytes that are not UTF-8: a Latin-1 'é' (0xE9 followed by
// an ASCII byte) and 0xFF 0xFE, which never occur in UTF-8. `message` and `text` are where the
// vendors' error formats keep their text, `name` is an ordinary field of a success body.
constexpr const char kInvalidUtf8Body[] =
    "{\"message\":\"Caf\xE9 \xFF\xFE closed\",\"text\":\"Caf\xE9 \xFF\xFE closed\","
    "\"name\":\"Caf\xE9 \xFF\xFE\"}";

bool ParseCount(const std::string& text, long long max, long long* out) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return false;
  errno = 0;
  *out = std::strtoll(text.c_str(), nullptr, 10);
  return errno == 0 && *out <= max;
}

bool ParseStatus(const std::string& text, int* out) {
  long long status = 0;
  if (!ParseCount(text, 599, &status) || status < 100) return false;
  *out = static_cast<int>(status);
  return true;
}

// "4096", "64k" (KiB) or "100M" (MiB).
bool ParseBytes(std::string text, size_t* out) {
  size_t unit = 1;
  if (!text.empty() && (text.back() == 'k' || text.back() == 'K')) unit = 1024;
  if (!text.empty() && (text.back() == 'm' || text.back() == 'M')) unit = 1024 * 1024;
  if (unit != 1) text.pop_back();
  long long count = 0;
  if (!ParseCount(text, std::numeric_limits<int>::max(), &count)) return false;
  *out = static_cast<size_t>(count) * unit;
  return true;
}

bool ParseSeconds(const std::string& text, double* out) {
  char* end = nullptr;
  *out = std::strtod(text.c_str(), &end);
  return !text.empty() && *end == '\0' && *out >= 0;
}

std::string Join(const std::vector<std::string>& words, size_t from) {
  std::string text;
  for (size_t i = from; i < words.size(); ++i) text += (i > from ? " " : "") + words[i];
  return text;
}

// Builds the fault of `kind` from its arguments `args` (after the kind).
bool BuildFault(const std::string& kind, const std::vector<std::string>& args, fakes::Fault* out,
                std::string* error) {
  auto want = [&](size_t min, size_t max, const char* usage) {
    if (args.size() >= min && args.size() <= max) return true;
    *error = "vendor_fault: " + kind + " " + usage;
    return false;
  };
  int status = 0;
  size_t bytes = 0;
  double seconds = 0;
  auto status_arg = [&](const char* usage) {
    if (ParseStatus(args[0], &status)) return true;
    *error = "vendor_fault: " + kind + " " + usage + " (bad status '" + args[0] + "')";
    return false;
  };
  if (kind == "vendor_error") {
    if (!want(2, SIZE_MAX, "STATUS TEXT...") || !status_arg("STATUS TEXT...")) return false;
    *out = faults::VendorError(status, Join(args, 1));
  } else if (kind == "status") {
    if (!want(2, 2, "STATUS BODY (quote the body)") || !status_arg("STATUS BODY")) return false;
    *out = faults::Status(status, args[1]);
  } else if (kind == "html") {
    if (!want(1, 1, "STATUS") || !status_arg("STATUS")) return false;
    *out = faults::HtmlPage(status);
  } else if (kind == "retry_after") {
    long long wait = 0;
    if (!want(2, 2, "STATUS SECONDS") || !status_arg("STATUS SECONDS")) return false;
    if (!ParseCount(args[1], 3600, &wait)) return *error = "retry_after: bad SECONDS", false;
    *out = faults::RetryAfter(status, static_cast<int>(wait));
  } else if (kind == "stall") {
    if (!want(1, 1, "SECONDS")) return false;
    if (!ParseSeconds(args[0], &seconds)) return *error = "stall: bad SECONDS", false;
    *out = faults::Stall(seconds);
  } else if (kind == "truncated") {
    if (!want(1, 1, "BYTES")) return false;
    if (!ParseBytes(args[0], &bytes)) return *error = "truncated: bad BYTES", false;
    *out = faults::Truncated(bytes);
  } else if (kind == "invalid_json") {
    if (!want(0, 0, "(no arguments)")) return false;
    *out = faults::InvalidJson();
  } else if (kind == "huge") {
    if (!want(1, 1, "BYTES (e.g. 100M)")) return false;
    if (!ParseBytes(args[0], &bytes)) return *error = "huge: bad BYTES", false;
    *out = faults::Huge(bytes);
  } else if (kind == "echo_credentials") {
    if (!want(1, 1, "STATUS") || !status_arg("STATUS")) return false;
    *out = faults::EchoCredentials(status);
  } else if (kind == "link_page") {
    if (!want(2, 2, "BODY NEXT_URL (quote both)")) return false;
    *out = faults::Status(200, args[0]);
    out->headers.emplace_back("Link", "<" + args[1] + ">; rel=\"next\"");
  } else if (kind == "list_items") {
    long long items = 0;
    if (!want(1, 1, "N")) return false;
    if (!ParseCount(args[0], 100000, &items) || items < 1) {
      return *error = "list_items: bad N", false;
    }
    *out = faults::ListItems(static_cast<size_t>(items));
  } else if (kind == "invalid_utf8") {
    if (!want(1, 1, "STATUS") || !status_arg("STATUS")) return false;
    *out = faults::Status(status, kInvalidUtf8Body);
  } else {
    *error = "vendor_fault: unknown kind '" + kind +
             "' (vendor_error, status, html, retry_after, stall, truncated, invalid_json, huge, "
             "echo_credentials, invalid_utf8, list_items, link_page)";
    return false;
  }
  return true;
}

}  // namespace

bool ParseVendorFault(const std::string& value, VendorFaultSpec* out, std::string* error) {
  std::vector<std::string> words;
  if (!TokenizeArgs(value, &words, error)) return false;
  if (words.empty()) return *error = "vendor_fault needs a kind", false;
  VendorFaultSpec spec;
  std::vector<std::string> args;
  // `path=` and `times=` may stand anywhere after the kind; everything else is an argument.
  for (size_t i = 1; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (word.rfind("path=", 0) == 0) {
      spec.path = word.substr(5);
      if (spec.path.empty() || spec.path[0] != '/')
        return *error = "path= must start with /", false;
    } else if (word == "times=always") {
      spec.always = true;
    } else if (word.rfind("times=", 0) == 0) {
      long long times = 0;
      if (!ParseCount(word.substr(6), 1'000'000, &times) || times == 0) {
        return *error = "times= needs a positive count or 'always'", false;
      }
      spec.times = static_cast<size_t>(times);
    } else {
      args.push_back(word);
    }
  }
  if (!BuildFault(words[0], args, &spec.fault, error)) return false;
  *out = std::move(spec);
  return true;
}

void InjectFaults(const std::vector<VendorFaultSpec>& specs, fakes::FakeVendorServer& server) {
  for (const VendorFaultSpec& spec : specs) {
    if (spec.always) {
      server.inject_always(spec.fault, spec.path);
    } else {
      server.inject(spec.fault, spec.path, spec.times);
    }
  }
}

std::string DescribeRequests(const std::vector<fakes::RecordedRequest>& requests) {
  std::string text;
  for (const fakes::RecordedRequest& request : requests) {
    text += request.method + " " + request.path + (request.query.empty() ? "" : "?") +
            request.query + "\n";
    for (const auto& [name, value] : request.headers) text += name + ": " + value + "\n";
    text += "\n" + request.body + "\n\n";
  }
  return text;
}

}  // namespace kosmo::e2e
