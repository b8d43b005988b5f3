#include "lib/cli/man_page.h"

#include <sstream>

#include "lib/common/error_codes.h"

namespace kosmo::cli {
namespace {

constexpr const char kDescription[] =
    R"(.SH DESCRIPTION
kosmo runs Lua 5.4 workflows in a sandbox against SaaS integrations (described by JSON
manifests) and MCP servers, and prints one JSON document on stdout with \fB\-\-json\fR.
Reads run; writes are governed by a read/write permission policy per integration.
It is a drop\-in rebuild of KosmoKrator's \fBkosmo integrations:lua\fR and its companion
\fBintegrations:*\fR and \fBmcp:*\fR commands.
)";

constexpr const char kEnvironment[] =
    R"(.SH ENVIRONMENT
.TP
.B KOSMO_HOME
Where kosmo keeps config.yaml, mcp.json and user manifests (default: ~/.kosmo).
.TP
.BI KOSMO_ INTEGRATION _ FIELD
A credential of an integration's default account, e.g. KOSMO_SINCH_API_TOKEN.
.TP
.BI KOSMO_ INTEGRATION __ ACCOUNT __ FIELD
A credential of any account, e.g. KOSMO_SINCH__WORK__API_TOKEN.
.TP
.B KOSMO_MCP_ALLOW_FORCE
When true, \fB\-\-force\fR may bypass MCP permissions and trust too.
.TP
.B KOSMO_OAUTH_BROWSER
A command that opens a URL: with it, a run authorizes with an OAuth\-protected MCP server
itself (without it, such a run fails with auth_required and names \fBmcp:login\fR).
.SH FILES
.TP
.I ~/.kosmo/config.yaml
Integrations: accounts, credentials (encrypted), enablement, permissions; MCP trust.
.TP
.I ~/.kosmo/mcp.json
The user's MCP servers; projects add .mcp.json, .cursor/mcp.json and .vscode/mcp.json.
.TP
.I ~/.kosmo/mcp-oauth.json
OAuth tokens of HTTP MCP servers (\fBmcp:login\fR), sealed with the credential key; runs refresh them one at a time, under mcp-oauth.json.refresh.lock.
.TP
.I .kosmo/config.yaml
A project's configuration, which may narrow (never widen) permissions.
.SH SEE ALSO
\fBkosmo integrations:lua \-\-eval 'print(docs.read("index"))'\fR for the Lua API guide.
)";

// Help text a command prints as it is: examples and JSON shapes keep their line breaks.
void preformatted(std::ostringstream& page, const std::string& text) {
  page << ".PP\n.nf\n";
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) page << roff_escape(line) << '\n';
  page << ".fi\n";
}

void write_option(std::ostringstream& page, const OptionFacts& option) {
  page << ".TP\n";
  for (size_t i = 0; i < option.names.size(); ++i) {
    page << (i == 0 ? "" : ", ") << "\\fB" << roff_escape(option.names[i]) << "\\fR";
  }
  if (option.takes_value) page << " \\fI" << roff_escape(option.value_name) << "\\fR";
  page << '\n' << roff_escape(option.help) << '\n';
}

void write_command(std::ostringstream& page, const CommandFacts& command) {
  page << ".SS \"kosmo " << roff_escape(command.name);
  for (const PositionalFacts& positional : command.positionals) {
    std::string name = positional.name;
    for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (positional.repeats) name += "...";
    page << ' ' << (positional.required ? name : "[" + name + "]");
  }
  page << " [options]\"\n" << roff_escape(command.summary) << ".\n";
  for (const PositionalFacts& positional : command.positionals) {
    page << ".TP\n\\fI" << roff_escape(positional.name) << "\\fR\n"
         << roff_escape(positional.help) << '\n';
  }
  for (const OptionFacts& option : command.options) {
    if (!option.shared) write_option(page, option);
  }
  if (!command.footer.empty()) preformatted(page, command.footer);
}

void write_exit_status(std::ostringstream& page) {
  page << ".SH EXIT STATUS\n";
  for (const ExitCodeInfo& exit : exit_codes()) {
    page << ".TP\n.B " << exit.exit << '\n' << roff_escape(std::string(exit.meaning)) << '\n';
  }
  page << ".PP\nWith \\fB\\-\\-json\\fR, the document's \\fBerror_code\\fR names the failure:\n";
  for (const ErrorCodeInfo& code : error_codes()) {
    page << ".TP\n.BR " << roff_escape(std::string(code.name)) << " \" (exit " << code.exit
         << ")\"\n"
         << roff_escape(std::string(code.when)) << ".\n";
  }
}

}  // namespace

std::string roff_escape(const std::string& text) {
  std::string escaped;
  for (const char c : text) {
    if (c == '\\') {
      escaped += "\\e";
    } else if (c == '-') {
      escaped += "\\-";
    } else {
      escaped += c;
    }
  }
  // A line starting with '.' or '\'' would be read as a request.
  if (!escaped.empty() && (escaped[0] == '.' || escaped[0] == '\'')) escaped.insert(0, "\\&");
  return escaped;
}

std::string man_page(const std::vector<CommandFacts>& commands, const std::string& version) {
  std::ostringstream page;
  page << ".TH KOSMO 1 \"\" \"" << roff_escape(version) << "\" \"User Commands\"\n"
       << ".SH NAME\nkosmo \\- sandboxed Lua workflows against SaaS integrations and MCP "
          "servers\n"
       << ".SH SYNOPSIS\n.B kosmo\n.I command\n[\\fIoptions\\fR]\n.br\n.B kosmo\n"
          "[\\fB\\-\\-help\\fR | \\fB\\-\\-version\\fR]\n"
       << kDescription << ".SH COMMON OPTIONS\nEvery command accepts these.\n";
  if (!commands.empty()) {
    for (const OptionFacts& option : commands.front().options) {
      if (option.shared) write_option(page, option);
    }
  }
  page << ".SH COMMANDS\n";
  for (const CommandFacts& command : commands) write_command(page, command);
  write_exit_status(page);
  page << kEnvironment;
  return page.str();
}

}  // namespace kosmo::cli
