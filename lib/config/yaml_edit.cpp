#include "lib/config/yaml_edit.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace kosmo::config {
namespace {

// Where the existing part of an edit's path ends.
struct Located {
  YAML::Node node;       // the deepest node of the path that exists
  YAML::Node key;        // its key (undefined for the root)
  size_t depth = 0;      // how many keys of the path exist
  bool in_flow = false;  // `node` sits inside a flow collection
};

// yaml-cpp nodes are references and assigning one writes through to the document, so handles
// are only ever rebound with reset().
Located locate(const YAML::Node& root, const std::vector<std::string>& path) {
  Located found{root, YAML::Node(), 0, false};
  while (found.depth < path.size() && found.node.IsMap()) {
    const bool flow = found.node.Style() == YAML::EmitterStyle::Flow;
    YAML::Node key, value;
    bool matched = false;
    for (const auto& entry : found.node) {  // the first of duplicate keys, as yaml-cpp reads them
      if (entry.first.IsScalar() && entry.first.Scalar() == path[found.depth]) {
        key.reset(entry.first);
        value.reset(entry.second);
        matched = true;
        break;
      }
    }
    if (!matched) break;
    found.node.reset(value);
    found.key.reset(key);
    found.in_flow = found.in_flow || flow;
    ++found.depth;
  }
  return found;
}

size_t line_start(const std::string& text, size_t pos) {
  const size_t newline = text.rfind('\n', pos == 0 ? 0 : pos - 1);
  return pos == 0 || newline == std::string::npos ? 0 : newline + 1;
}

// The offset just past the last line of the entry whose key starts at `key_pos` (column
// `column`): lines after it that are blank, comments or indented deeper belong to it, but
// trailing blank and comment lines are left to whatever follows.
size_t entry_end(const std::string& text, size_t key_pos, int column) {
  size_t end = text.find('\n', key_pos);
  if (end == std::string::npos) return text.size();
  size_t line = end + 1;
  while (line < text.size()) {
    size_t next = text.find('\n', line);
    if (next == std::string::npos) next = text.size();
    const size_t first = text.find_first_not_of(" \t", line);
    const bool blank = first == std::string::npos || first >= next || text[first] == '#';
    if (!blank) {
      if (static_cast<int>(first - line) <= column) break;
      end = next;
    }
    line = next + 1;
  }
  return std::min(end + 1, text.size());
}

// The end of the scalar starting at `start`; npos for kinds not edited in place.
size_t scalar_end(const std::string& text, size_t start, bool in_flow) {
  const char first = text[start];
  if (first == '"' || first == '\'') {
    for (size_t i = start + 1; i < text.size(); ++i) {
      if (first == '"' && text[i] == '\\') {
        ++i;
      } else if (text[i] == first) {
        if (first == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
          ++i;
          continue;
        }
        return i + 1;
      }
    }
    return std::string::npos;
  }
  if (first == '|' || first == '>' || first == '&' || first == '!' || first == '*') {
    return std::string::npos;
  }
  size_t end = start;
  while (end < text.size() && text[end] != '\n' && text[end] != '\r') {
    if (in_flow && (text[end] == ',' || text[end] == '}' || text[end] == ']')) break;
    if (text[end] == '#' && (text[end - 1] == ' ' || text[end - 1] == '\t')) break;
    ++end;
  }
  while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  return end;
}

// The `}` closing the flow mapping that opens at `open`; npos when unbalanced.
size_t closing_brace(const std::string& text, size_t open) {
  int depth = 0;
  for (size_t i = open; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"' || c == '\'') {
      const size_t end = scalar_end(text, i, true);
      if (end == std::string::npos) return end;
      i = end - 1;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth == 0) {
      return c == '}' ? i : std::string::npos;
    }
  }
  return std::string::npos;
}

std::string flow_tail(const std::vector<std::string>& keys, size_t from, const std::string& value) {
  std::string out = yaml_scalar(keys[from]) + ": ";
  if (from + 1 == keys.size()) return out + value;
  return out + "{" + flow_tail(keys, from + 1, value) + "}";
}

std::string block_tail(const std::vector<std::string>& keys, size_t from, int column,
                       const std::string& value) {
  std::string out;
  for (size_t i = from; i < keys.size(); ++i, column += 2) {
    out += std::string(column, ' ') + yaml_scalar(keys[i]) + ":";
    out += i + 1 == keys.size() ? " " + value + "\n" : "\n";
  }
  return out;
}

std::optional<std::string> add_key(std::string text, const Located& at, const YamlEdit& edit) {
  const YAML::Node& map = at.node;
  if (at.depth == 0 && (map.IsNull() || (map.IsMap() && map.size() == 0 &&
                                         map.Style() != YAML::EmitterStyle::Flow))) {
    if (!text.empty() && text.back() != '\n') text += '\n';
    return text + block_tail(edit.path, 0, 0, *edit.value);
  }
  if (!map.IsMap() || map.size() == 0) return std::nullopt;
  if (map.Style() == YAML::EmitterStyle::Flow || at.in_flow) {
    const size_t open = map.Mark().pos;
    if (open >= text.size() || text[open] != '{') return std::nullopt;
    const size_t close = closing_brace(text, open);
    if (close == std::string::npos) return std::nullopt;
    size_t insert = close;
    while (insert > open + 1 && std::isspace(static_cast<unsigned char>(text[insert - 1]))) {
      --insert;
    }
    return text.insert(insert, ", " + flow_tail(edit.path, at.depth, *edit.value));
  }
  YAML::Node last;  // the key written last in the text (a default node's mark is -1)
  for (const auto& entry : map) {
    if (entry.first.Mark().pos > last.Mark().pos) last.reset(entry.first);
  }
  const int column = last.Mark().column;
  size_t insert = entry_end(text, last.Mark().pos, column);
  std::string addition = block_tail(edit.path, at.depth, column, *edit.value);
  if (insert == text.size() && !text.empty() && text.back() != '\n') addition = "\n" + addition;
  return text.insert(insert, addition);
}

std::optional<std::string> remove_key(std::string text, const Located& at) {
  if (at.in_flow) return std::nullopt;
  const size_t key_pos = at.key.Mark().pos;
  const size_t start = line_start(text, key_pos);
  if (text.find_first_not_of(' ', start) != key_pos) return std::nullopt;  // not alone on its line
  return text.erase(start, entry_end(text, key_pos, at.key.Mark().column) - start);
}

}  // namespace

std::optional<std::string> edit_yaml_text(const std::string& text, const YamlEdit& edit) {
  if (edit.path.empty()) return std::nullopt;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
  const Located at = locate(root, edit.path);
  if (!edit.value) return at.depth < edit.path.size() ? std::optional(text) : remove_key(text, at);
  if (at.depth < edit.path.size()) return add_key(text, at, edit);
  if (!at.node.IsScalar()) return std::nullopt;
  const size_t start = at.node.Mark().pos;
  if (start >= text.size()) return std::nullopt;
  const size_t end = scalar_end(text, start, at.in_flow);
  if (end == std::string::npos) return std::nullopt;
  return std::string(text).replace(start, end - start, *edit.value);
}

std::string yaml_scalar(std::string_view text) {
  static constexpr std::string_view kWords[] = {"true", "false", "yes", "no", "on",
                                                "off",  "null",  "y",   "n",  "~"};
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const bool word = std::find(std::begin(kWords), std::end(kWords), lower) != std::end(kWords);
  const bool safe = !text.empty() && !word && std::isalpha(static_cast<unsigned char>(text[0])) &&
                    std::all_of(text.begin(), text.end(), [](unsigned char c) {
                      return std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == '/';
                    });
  if (safe) return std::string(text);
  std::string quoted = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\x%02x", c);
      quoted += escape;
    } else {
      quoted += static_cast<char>(c);
    }
  }
  return quoted + "\"";
}

}  // namespace kosmo::config
