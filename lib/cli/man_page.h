#pragma once
// kosmo.1, the man page, written in roff (man macros) from the command facts, so every command
// and option of the table is documented with the same text as its --help. Built by CMake after
// kosmo links (`kosmo __man`) and installed to share/man/man1.
#include <string>
#include <vector>

#include "lib/cli/command_facts.h"

namespace kosmo::cli {

// The whole page. `version` goes into the header line ("kosmo 0.1.0"); no date, so the same
// sources give the same page.
std::string man_page(const std::vector<CommandFacts>& commands, const std::string& version);

// `text` safe in a roff line: backslashes, leading dots and quotes, and hyphens escaped.
std::string roff_escape(const std::string& text);

}  // namespace kosmo::cli
