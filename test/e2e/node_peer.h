// The node side of the interoperability tests: where node is, where scripts/install-mcp-peer put
// the MCP packages nobody here wrote (build/mcp-peer), the scripts of test/interop, and a loud
// skip when node or a package is missing.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace kosmo::e2e {

// node where the runs' PATH (/usr/local/bin:/usr/bin:/bin) finds it; "" when there is none.
inline std::string NodeBinary() {
  for (const char* dir : {"/usr/local/bin", "/usr/bin", "/bin"}) {
    const std::string path = std::string(dir) + "/node";
    if (access(path.c_str(), X_OK) == 0) return path;
  }
  return "";
}

// $KOSMO_MCP_PEER_DIR, else <source>/build/mcp-peer (where scripts/install-mcp-peer installs).
inline std::string PeerDir() {
  if (const char* dir = std::getenv("KOSMO_MCP_PEER_DIR"); dir != nullptr && *dir != '\0') {
    return dir;
  }
#ifdef KOSMO_SOURCE_DIR
  return (std::filesystem::path(KOSMO_SOURCE_DIR) / "build/mcp-peer").string();
#else
  return "build/mcp-peer";
#endif
}

inline bool PeerHas(const std::string& package) {
  return std::filesystem::exists(std::filesystem::path(PeerDir()) / "node_modules" / package /
                                 "package.json");
}

inline std::string InteropScript(const std::string& name) {
#ifdef KOSMO_SOURCE_DIR
  return (std::filesystem::path(KOSMO_SOURCE_DIR) / "test/interop" / name).string();
#else
  return "test/interop/" + name;
#endif
}

// A conformance scenario's name ("sse-retry", "auth/basic-cimd") as a test name ("sse_retry").
inline std::string ScenarioTestName(const ::testing::TestParamInfo<const char*>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (c == '-' || c == '/') c = '_';
  }
  return name;
}

}  // namespace kosmo::e2e

// Skips, loudly, when node or `package` is missing: the banner ("<WHAT> NOT TESTED") is in the
// test log and the skip reason in the summary, so nobody mistakes it for a pass.
#define SKIP_WITHOUT_NODE_PACKAGE(package, what)                                                   \
  do {                                                                                             \
    const bool has_node = !::kosmo::e2e::NodeBinary().empty();                                     \
    if (!has_node || !::kosmo::e2e::PeerHas(package)) {                                            \
      const std::string why = !has_node ? std::string("node is not on PATH")                       \
                                        : std::string(package) + " is not installed in " +         \
                                              ::kosmo::e2e::PeerDir();                             \
      std::fprintf(stderr,                                                                         \
                   "\n!!!!!!!! %s NOT TESTED: %s. Run scripts/install-mcp-peer (needs node and "   \
                   "npm) or set KOSMO_MCP_PEER_DIR. !!!!!!!!\n\n",                                 \
                   what, why.c_str());                                                             \
      GTEST_SKIP() << what << " NOT TESTED: " << why << " (scripts/install-mcp-peer)";             \
    }                                                                                              \
  } while (0)
