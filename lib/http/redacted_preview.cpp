#include "lib/http/redacted_preview.h"

#include <cstdio>

namespace kosmo::http {

std::string escape_controls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
      out += escaped;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// Redacting only a window of the text is safe when the redacted window reaches at least the
// longest form past the cut: a form the window's end cut short then starts after the cut.
// Forms redacted before the cut shrink the text, so the window grows until that holds (or it
// is the whole text).
Preview redacted_preview(const Redactor& redactor, std::string_view text, size_t limit) {
  const size_t margin = redactor.longest_form();
  size_t window = limit + margin;
  std::string redacted;
  for (;;) {
    redacted = redactor.redact(text.substr(0, window));
    if (window >= text.size() || redacted.size() >= limit + margin) break;
    window *= 2;
  }
  Preview preview;
  if (redacted.size() > limit || window < text.size()) {
    preview.cut = true;
    if (redacted.size() > limit) redacted.resize(limit);
  }
  preview.text = escape_controls(redacted);
  return preview;
}

}  // namespace kosmo::http
