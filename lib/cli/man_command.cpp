#include "lib/cli/man_command.h"

#include "lib/cli/command_facts.h"
#include "lib/cli/man_page.h"
#include "lib/cli/stdout_writer.h"
#include "lib/common/error_codes.h"

namespace kosmo::cli {

std::function<int()> define_man(CLI::App& app) {
  return [] {
    write_stdout(man_page(describe_commands(), std::string("kosmo ") + KOSMO_VERSION));
    return static_cast<int>(kExitOk);
  };
}

}  // namespace kosmo::cli
