#include "lib/gateway/client_config_toml.h"

#include <cstdio>
#include <vector>

namespace kosmo::gateway {
namespace {

using Path = std::vector<std::string>;

bool is_bare_key_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

bool is_scalar_char(char c) { return is_bare_key_char(c) || c == '+' || c == '.' || c == ':'; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

void append_utf8(unsigned long code, std::string& out) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// A statement of the file: a table header or a key/value pair, from the start of its line to
// the end of its last line (newline included).
struct Statement {
  size_t start = 0;
  size_t end = 0;
  bool header = false;
  bool array_header = false;  // [[...]]
  Path path;                  // the header's key, or the pair's full key (table + key)
};

// Reads the file statement by statement (see the header for what it checks).
class TomlScanner {
 public:
  explicit TomlScanner(std::string_view text) : s_(text) {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;  // a UTF-8 byte order mark
  }

  // All statements, or nullopt with error() set.
  std::optional<std::vector<Statement>> statements() {
    std::vector<Statement> out;
    Path table;
    while (i_ < s_.size()) {
      const size_t line_start = i_;
      skip_space();
      if (i_ >= s_.size()) break;
      if (peek() == '#' || peek() == '\n' || peek() == '\r') {
        if (!line_end()) return std::nullopt;
        continue;
      }
      Statement statement;
      statement.start = line_start;
      if (peek() == '[') {
        statement.header = true;
        ++i_;
        if (peek() == '[') {
          statement.array_header = true;
          ++i_;
        }
        skip_space();
        if (!key(statement.path)) return std::nullopt;
        skip_space();
        if (!expect(']')) return std::nullopt;
        if (statement.array_header && !expect(']')) return std::nullopt;
        table = statement.path;
      } else {
        Path pair;
        if (!key(pair)) return std::nullopt;
        skip_space();
        if (!expect('=')) return std::nullopt;
        skip_space();
        if (!value()) return std::nullopt;
        statement.path = table;
        statement.path.insert(statement.path.end(), pair.begin(), pair.end());
      }
      if (!line_end()) return std::nullopt;
      statement.end = i_;
      out.push_back(std::move(statement));
    }
    return out;
  }

  // "line N: what" for the first problem found.
  const std::string& error() const { return error_; }

 private:
  char peek(size_t ahead = 0) const { return i_ + ahead < s_.size() ? s_[i_ + ahead] : '\0'; }
  bool at_end() const { return i_ >= s_.size(); }

  bool fail(const std::string& what) {
    size_t line = 1;
    for (size_t k = 0; k < i_ && k < s_.size(); ++k) line += s_[k] == '\n' ? 1 : 0;
    error_ = "line " + std::to_string(line) + ": " + what;
    return false;
  }

  bool expect(char c) {
    if (peek() != c || at_end()) return fail(std::string("expected '") + c + "'");
    ++i_;
    return true;
  }

  void skip_space() {
    while (!at_end() && (peek() == ' ' || peek() == '\t')) ++i_;
  }

  // Spaces, newlines and comments, as allowed between the elements of an array.
  bool skip_space_lines() {
    for (;;) {
      skip_space();
      if (at_end()) return true;
      if (peek() != '#' && peek() != '\n' && peek() != '\r') return true;
      if (!line_end()) return false;
    }
  }

  // The rest of a line: spaces, an optional comment, the newline (or the end of the file).
  bool line_end() {
    skip_space();
    if (peek() == '#') {
      while (!at_end() && peek() != '\n') {
        const unsigned char c = static_cast<unsigned char>(peek());
        if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F) {
          return fail("control character in a comment");
        }
        ++i_;
      }
    }
    if (peek() == '\r' && peek(1) == '\n') ++i_;
    if (at_end()) return true;
    if (peek() != '\n') return fail("unexpected text after the value");
    ++i_;
    return true;
  }

  bool key(Path& path) {
    for (;;) {
      std::string part;
      if (peek() == '"') {
        if (peek(1) == '"' && peek(2) == '"') return fail("a key cannot be a multi-line string");
        if (!basic_string(&part)) return false;
      } else if (peek() == '\'') {
        if (!literal_string(&part)) return false;
      } else {
        while (!at_end() && is_bare_key_char(peek())) part += s_[i_++];
        if (part.empty()) return fail("expected a key");
      }
      path.push_back(std::move(part));
      skip_space();
      if (peek() != '.') return true;
      ++i_;
      skip_space();
    }
  }

  bool hex_escape(int digits, std::string* out) {
    unsigned long code = 0;
    for (int k = 0; k < digits; ++k) {
      const char c = peek();
      int v = -1;
      if (c >= '0' && c <= '9') v = c - '0';
      if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
      if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
      if (v < 0) return fail("invalid \\u escape");
      code = code * 16 + static_cast<unsigned long>(v);
      ++i_;
    }
    if (code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return fail("escape is not a Unicode scalar value");
    }
    if (out != nullptr) append_utf8(code, *out);
    return true;
  }

  // One escape after the backslash of a basic string.
  bool escape(std::string* out) {
    const char c = peek();
    ++i_;
    const char* simple = nullptr;
    switch (c) {
      case 'b':
        simple = "\b";
        break;
      case 't':
        simple = "\t";
        break;
      case 'n':
        simple = "\n";
        break;
      case 'f':
        simple = "\f";
        break;
      case 'r':
        simple = "\r";
        break;
      case 'e':
        simple = "\x1B";
        break;
      case '"':
        simple = "\"";
        break;
      case '\\':
        simple = "\\";
        break;
      case 'u':
        return hex_escape(4, out);
      case 'U':
        return hex_escape(8, out);
      default:
        --i_;
        return fail("invalid escape in a string");
    }
    if (out != nullptr) *out += simple;
    return true;
  }

  bool check_char(char c) {
    const unsigned char u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7F) return fail("control character in a string");
    return true;
  }

  bool basic_string(std::string* out) {
    ++i_;  // "
    for (;;) {
      if (at_end() || peek() == '\n') return fail("unterminated string");
      const char c = s_[i_];
      if (c == '"') {
        ++i_;
        return true;
      }
      if (c == '\\') {
        ++i_;
        if (!escape(out)) return false;
        continue;
      }
      if (!check_char(c)) return false;
      if (out != nullptr) *out += c;
      ++i_;
    }
  }

  bool literal_string(std::string* out) {
    ++i_;  // '
    for (;;) {
      if (at_end() || peek() == '\n') return fail("unterminated string");
      const char c = s_[i_];
      if (c == '\'') {
        ++i_;
        return true;
      }
      if (!check_char(c)) return false;
      if (out != nullptr) *out += c;
      ++i_;
    }
  }

  // """...""" or '''...''' (the opening quotes not yet consumed); up to two more quotes may end
  // the content right before the closing three.
  bool multiline_string(char quote) {
    i_ += 3;
    for (;;) {
      if (at_end()) return fail("unterminated multi-line string");
      const char c = s_[i_];
      if (c == quote && peek(1) == quote && peek(2) == quote) {
        i_ += 3;
        for (int extra = 0; extra < 2 && peek() == quote; ++extra) ++i_;
        return true;
      }
      if (quote == '"' && c == '\\') {
        ++i_;
        if (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r') {
          // a line-ending backslash: whitespace up to the next line is trimmed
          while (!at_end() &&
                 (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) {
            ++i_;
          }
          continue;
        }
        if (!escape(nullptr)) return false;
        continue;
      }
      if (c != '\n' && c != '\r' && !check_char(c)) return false;
      ++i_;
    }
  }

  bool scalar() {
    const size_t start = i_;
    while (!at_end() && is_scalar_char(peek())) ++i_;
    std::string_view token = s_.substr(start, i_ - start);
    // A date-time may separate the date from the time with a space: 1979-05-27 07:32:00Z.
    if (token.size() == 10 && token[4] == '-' && token[7] == '-' && peek() == ' ' &&
        is_digit(peek(1))) {
      ++i_;
      while (!at_end() && is_scalar_char(peek())) ++i_;
      token = s_.substr(start, i_ - start);
    }
    if (token.empty()) return fail("expected a value");
    if (token == "true" || token == "false" || token == "inf" || token == "nan" ||
        token == "+inf" || token == "-inf" || token == "+nan" || token == "-nan") {
      return true;
    }
    const char first = token[0];
    if (is_digit(first) ||
        ((first == '+' || first == '-') && token.size() > 1 && is_digit(token[1]))) {
      return true;
    }
    i_ = start;
    return fail("invalid value '" + std::string(token) + "'");
  }

  bool value() {
    if (++depth_ > 256) return fail("values nested too deeply");
    bool ok = false;
    const char c = peek();
    if (c == '"') {
      ok = peek(1) == '"' && peek(2) == '"' ? multiline_string('"') : basic_string(nullptr);
    } else if (c == '\'') {
      ok = peek(1) == '\'' && peek(2) == '\'' ? multiline_string('\'') : literal_string(nullptr);
    } else if (c == '[') {
      ok = array();
    } else if (c == '{') {
      ok = inline_table();
    } else {
      ok = scalar();
    }
    --depth_;
    return ok;
  }

  bool array() {
    ++i_;  // [
    for (;;) {
      if (!skip_space_lines()) return false;
      if (peek() == ']') {
        ++i_;
        return true;
      }
      if (at_end()) return fail("unterminated array");
      if (!value()) return false;
      if (!skip_space_lines()) return false;
      if (peek() == ',') {
        ++i_;
        continue;
      }
      if (peek() != ']') return fail("expected ',' or ']' in an array");
    }
  }

  bool inline_table() {
    ++i_;  // {
    if (!skip_space_lines()) return false;
    if (peek() == '}') {
      ++i_;
      return true;
    }
    for (;;) {
      if (!skip_space_lines()) return false;
      Path ignored;
      if (!key(ignored)) return false;
      skip_space();
      if (!expect('=')) return false;
      skip_space();
      if (!value()) return false;
      if (!skip_space_lines()) return false;
      if (peek() == ',') {
        ++i_;
        continue;
      }
      if (peek() == '}') {
        ++i_;
        return true;
      }
      return fail("expected ',' or '}' in an inline table");
    }
  }

  std::string_view s_;
  size_t i_ = 0;
  int depth_ = 0;
  std::string error_;
};

bool starts_with(const Path& path, const Path& prefix) {
  if (path.size() < prefix.size()) return false;
  for (size_t k = 0; k < prefix.size(); ++k) {
    if (path[k] != prefix[k]) return false;
  }
  return true;
}

struct Range {
  size_t start;
  size_t end;
};

}  // namespace

std::string toml_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (u < 0x20 || u == 0x7F) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04X", u);
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

std::string toml_key(std::string_view key) {
  bool bare = !key.empty();
  for (const char c : key) bare = bare && is_bare_key_char(c);
  return bare ? std::string(key) : toml_string(key);
}

std::string toml_server_table(std::string_view name, const GatewayServerEntry& entry) {
  std::string table = "[mcp_servers." + toml_key(name) + "]\n";
  table += "command = " + toml_string(entry.command) + "\n";
  table += "args = [";
  for (size_t k = 0; k < entry.args.size(); ++k) {
    if (k > 0) table += ", ";
    table += toml_string(entry.args[k]);
  }
  table += "]\n";
  return table;
}

Outcome<std::string> with_toml_server_table(std::string_view text, std::string_view name,
                                            std::string_view table, const std::string& file_name) {
  auto cannot_edit = [&file_name](const std::string& why) {
    return Failure{ErrorCode::kConfig,
                   "Cannot edit " + file_name + ": " + why +
                       ". It was left unchanged; fix it, or add the table that "
                       "`kosmo mcp:gateway:export --client codex` prints by hand."};
  };
  TomlScanner scanner(text);
  std::optional<std::vector<Statement>> statements = scanner.statements();
  if (!statements) return cannot_edit("not valid TOML (" + scanner.error() + ")");

  const Path servers = {"mcp_servers"};
  const Path ours = {"mcp_servers", std::string(name)};
  const std::string shown = "mcp_servers." + toml_key(name);
  // The server's own tables, each from its header to its last key/value (comments and blank
  // lines after that belong to what follows).
  std::vector<Range> owned;
  bool in_owned = false;
  for (const Statement& statement : *statements) {
    if (statement.header) {
      if (statement.path == servers && statement.array_header) {
        return cannot_edit("mcp_servers is an array of tables ([[mcp_servers]])");
      }
      in_owned = starts_with(statement.path, ours);
      if (in_owned) owned.push_back({statement.start, statement.end});
      continue;
    }
    if (in_owned) {
      owned.back().end = statement.end;
      continue;
    }
    if (starts_with(servers, statement.path) || starts_with(statement.path, ours)) {
      // mcp_servers = {...}, mcp_servers.kosmo = {...}, [mcp_servers] kosmo.command = ...
      size_t line = 1;
      for (size_t k = 0; k < statement.start; ++k) line += text[k] == '\n' ? 1 : 0;
      return cannot_edit(shown + " is defined by the key/value pair on line " +
                         std::to_string(line) + ", not by a [" + shown +
                         "] table that kosmo could replace");
    }
  }

  std::string out;
  if (owned.empty()) {
    out.assign(text);
    if (!out.empty() && out.back() != '\n') out += '\n';
    if (!out.empty()) out += '\n';
    out.append(table);
    return out;
  }
  size_t copied = 0;
  for (size_t k = 0; k < owned.size(); ++k) {
    out.append(text.substr(copied, owned[k].start - copied));
    if (k == 0) out.append(table);
    copied = owned[k].end;
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace kosmo::gateway
