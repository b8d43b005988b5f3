// Structural checks on kosmo's JSON output: subset matching for case expectations and the
// invariants every `--json` envelope must satisfy.
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <vector>

namespace kosmo::e2e {

// True when `actual` contains `expected`: objects match when every expected key is present and
// matches (extra keys allowed), arrays when they have the same length and match element-wise,
// numbers by value (1 == 1.0), everything else by equality. Mismatches are appended to
// `problems` as "path: expected X, got Y".
bool JsonSubsetMatch(const rapidjson::Value& expected, const rapidjson::Value& actual,
                     const std::string& path, std::vector<std::string>* problems);

// The envelope contract (product.md §2 and the lead's decisions): key order, types,
// success == (exit == 0), error/error_code null exactly on success, result [] on failure,
// meta.schema_version == 1. Problems are appended to `problems`.
void CheckEnvelope(const rapidjson::Value& doc, int exit_code, std::vector<std::string>* problems);

}  // namespace kosmo::e2e
