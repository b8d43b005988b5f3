#pragma once
// The envelope of a run whose VM could not be stopped (stuck in one C call past
// kStuckGraceSeconds). It is written from the run guard's signal handler, which may have
// interrupted malloc or a lock holder, so unlike envelope.cpp it allocates nothing and takes no
// lock: a fixed buffer and write(2). It keeps the envelope's keys and their order; the output
// and the call log are left empty, since reading them is not safe at that moment.
#include <cstddef>
#include <string_view>

namespace kosmo::cli {

struct LastResortFacts {
  std::string_view error;       // the limit's message; the envelope adds why the run did not stop
  std::string_view error_code;  // its error_code name
  size_t memory_usage = 0;
  bool permission_bypassed = false;
  bool dry_run = false;
};

// The envelope --json prints, pretty like write_envelope's.
void write_last_resort_envelope(int fd, const LastResortFacts& facts);
// "Error: <message>; the script was stuck in a host call", the plain form's stderr line.
void write_last_resort_error_line(int fd, std::string_view message);
// A server's note that a run outlives its stop (the server itself goes on).
void write_last_resort_warning(int fd, std::string_view message);

}  // namespace kosmo::cli
