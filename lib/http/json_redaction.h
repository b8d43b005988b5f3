#pragma once
// Redaction of a parsed JSON document, for the data a call hands to a script and for the
// envelope's result. Redacting the decoded document rather than the text it came from is what
// keeps both right: every escaping the sender chose (\u0041, \/) is undone before the forms are
// looked for, and a replacement can never make the JSON invalid, as "<redacted>" written over
// part of an escape sequence, a number or a structural character would.
#include <rapidjson/document.h>

#include "lib/http/redactor.h"

namespace kosmo::http {

// Replaces every form of every secret `redactor` knows, in place: inside strings and object
// keys, and in numbers whose digits hold a numeric secret (such a number becomes the string
// "<redacted>": a numeric password echoed as a number is still the password). Nests to any
// depth without recursion (response bodies are parsed iteratively). Costs nothing when the
// redactor is empty, and one scan of the document's strings, allocating nothing, when no
// secret is found.
void redact_json(const Redactor& redactor, rapidjson::Value& value,
                 rapidjson::Document::AllocatorType& allocator);

}  // namespace kosmo::http
