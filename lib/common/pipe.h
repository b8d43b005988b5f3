#pragma once
// Pipes kosmo makes for itself (an MCP server's stdio, the signal watch, a child's exec report).

namespace kosmo {

// A close-on-exec pipe whose ends are above 0, 1 and 2, even when kosmo was started with one of
// those closed: pipe2 would hand out that number, and then code reading "stdin" would read the
// pipe, or dup2 onto a child's 0/1/2 would clobber one pipe with another.
// 0 on success, else the errno; both ends are -1 then.
int make_cloexec_pipe(int fds[2]);

}  // namespace kosmo
