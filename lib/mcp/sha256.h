#pragma once
// SHA-256 (FIPS 180-4) for MCP trust fingerprints. Hand-written rather than taken from
// libcrypto: kosmo links no TLS library at start-up (libcurl, and with it OpenSSL, is loaded only
// on the first HTTP request), and a fingerprint is computed for every project server on every run.
#include <string>
#include <string_view>

namespace kosmo::mcp {

// The digest of `data` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

}  // namespace kosmo::mcp
