#pragma once
// The spellings under which a credential value can appear in text kosmo writes: as is,
// percent-encoded (URLs, form bodies), JSON-escaped (a vendor echoing it back) and base64
// (tokens, Basic auth), so the Redactor can find every one of them.
#include <string>
#include <string_view>
#include <vector>

namespace kosmo::http {

// Distinct forms of `secret`, the plain one first. Base64 forms include the "aligned cores":
// the characters that depend only on the secret when it sits at any byte offset inside a larger
// encoded value (e.g. base64("anyuser:" + secret) in an Authorization header).
std::vector<std::string> secret_forms(std::string_view secret);

// RFC 3986 percent-encoding of everything but unreserved characters; `form` writes space as
// '+' and also encodes '~' (PHP urlencode, application/x-www-form-urlencoded).
std::string percent_encode(std::string_view text, bool upper_hex, bool form);

}  // namespace kosmo::http
