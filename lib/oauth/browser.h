#pragma once
// Opening an authorization URL for the person (or the program) that will approve it.
#include <string>

namespace kosmo::oauth {

// Runs `/bin/sh -c '<command> "$1"' kosmo-browser <url>` detached (its own grandchild, so it is
// never a zombie of kosmo's), its stdin /dev/null and its stdout sent to stderr: nothing it
// prints can reach kosmo's JSON on stdout. Returns false when it could not be started.
bool open_in_browser(const std::string& command, const std::string& url);

}  // namespace kosmo::oauth
