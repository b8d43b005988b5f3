#pragma once
// The redirect URI of a native OAuth client (RFC 8252 §7.3): a listener on 127.0.0.1 that the
// browser reaches at the end of the authorization, bringing the code in its query. Someone
// authorizing from another machine can paste the address the browser ended at instead (stdin).
#include <map>
#include <string>

#include "lib/common/outcome.h"

namespace kosmo::oauth {

inline constexpr const char* kCallbackPath = "/callback";

class LoopbackRedirect {
 public:
  // Listens on 127.0.0.1:`port` (0: a free port the kernel picks). Fails (kAuthRequired) when
  // the port cannot be had.
  static Outcome<LoopbackRedirect> listen(int port);
  LoopbackRedirect(LoopbackRedirect&& other) noexcept;
  LoopbackRedirect& operator=(LoopbackRedirect&&) = delete;
  ~LoopbackRedirect();

  // "http://127.0.0.1:<port>/callback".
  std::string redirect_uri() const;

  // The query parameters of the first request for the callback path (other paths, such as a
  // browser's favicon request, get a 404 and are skipped), or of a URL line read from stdin when
  // `read_stdin`. Fails (kAuthRequired) after `timeout_s`.
  Outcome<std::map<std::string, std::string>> wait(double timeout_s, bool read_stdin);

 private:
  LoopbackRedirect(int fd, int port) : fd_(fd), port_(port) {}
  // The callback's parameters when the connection asked for it; nullopt otherwise.
  std::optional<std::map<std::string, std::string>> serve_connection(int connection) const;

  int fd_ = -1;
  int port_ = 0;
};

}  // namespace kosmo::oauth
