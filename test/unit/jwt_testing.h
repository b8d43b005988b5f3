#pragma once
// Reading the JWTs kosmo signs (private_key_jwt client assertions) in unit tests: the three
// dot-separated parts, and a part's JSON.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "lib/http/base64.h"

namespace kosmo::test {

// "a.b.c" → {"a", "b", "c"}; empty parts kept.
inline std::vector<std::string> split_jwt(const std::string& jwt) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t dot = jwt.find('.'); dot != std::string::npos; dot = jwt.find('.', start)) {
    parts.push_back(jwt.substr(start, dot - start));
    start = dot + 1;
  }
  parts.push_back(jwt.substr(start));
  return parts;
}

// A header or claims part, base64url-decoded and parsed; the test fails (and gets an empty
// object, so its field checks fail rather than crash) when it is not a JSON object.
inline rapidjson::Document jwt_json_part(const std::string& part) {
  std::string bytes;
  EXPECT_TRUE(http::base64_decode(part, bytes)) << part;
  rapidjson::Document document;
  document.Parse(bytes.c_str(), bytes.size());
  EXPECT_TRUE(!document.HasParseError() && document.IsObject()) << bytes;
  if (document.HasParseError() || !document.IsObject()) document.SetObject();
  return document;
}

}  // namespace kosmo::test
