#include "lib/oauth/browser.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

namespace kosmo::oauth {

bool open_in_browser(const std::string& command, const std::string& url) {
  const std::string script = command + " \"$1\"";
  const pid_t child = ::fork();
  if (child < 0) return false;
  if (child == 0) {
    // The child only forks the grandchild and leaves, so kosmo reaps it at once and the
    // grandchild (the browser, which may outlive kosmo) is adopted by init.
    if (::fork() != 0) ::_exit(0);
    ::setsid();
    const int null = ::open("/dev/null", O_RDONLY);
    if (null >= 0) ::dup2(null, STDIN_FILENO);
    ::dup2(STDERR_FILENO, STDOUT_FILENO);
    ::execl("/bin/sh", "sh", "-c", script.c_str(), "kosmo-browser", url.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace kosmo::oauth
