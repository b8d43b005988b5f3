#pragma once
// The start of a body or message for a debug log line: at most `limit` bytes, secrets redacted,
// on one line. Redaction happens before the cut and over a window reaching the longest secret
// form past it, so a secret straddling the cut cannot leave a readable prefix behind.
#include <cstddef>
#include <string>
#include <string_view>

#include "lib/http/redactor.h"

namespace kosmo::http {

// 1 KiB: enough to recognise a vendor's error or a page of JSON, little enough to keep -vv
// readable when a call returns megabytes.
inline constexpr size_t kPreviewBytes = 1024;

struct Preview {
  std::string text;  // redacted, at most `limit` bytes of it, control characters escaped
  bool cut = false;  // the text went on past the limit
};

Preview redacted_preview(const Redactor& redactor, std::string_view text,
                         size_t limit = kPreviewBytes);

// `text` with control characters (newlines, escape sequences a vendor might send to a
// terminal) written as \n, \t, \r and \xNN, so one log record stays one line.
std::string escape_controls(std::string_view text);

}  // namespace kosmo::http
