#pragma once
// Edits a YAML text in place, so that saving config.yaml keeps what a person (or KosmoKrator,
// which shares the file) wrote: comments, blank lines, key order, quoting, anchors and sections
// kosmo does not know. Only the bytes of the value set, the lines of the key removed or the
// lines of a new key change.
//
// Handled: replacing a scalar (plain or quoted, block or flow context); adding a key to a block
// mapping (after its last entry, at its indentation) or to a flow mapping (before its `}`),
// creating the missing mappings on the way; removing a key of a block mapping with its lines.
// Anything else (a block scalar, an anchored or tagged value, a null where a mapping must go)
// is refused with nullopt, and the caller writes the document whole instead.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kosmo::config {

struct YamlEdit {
  std::vector<std::string> path;  // keys from the root, e.g. {"integrations", "sinch", "enabled"}
  std::optional<std::string> value;  // YAML text of the new scalar; nullopt removes the key
};

std::optional<std::string> edit_yaml_text(const std::string& text, const YamlEdit& edit);

// `text` as a YAML scalar: plain when that reads back as the same string, else double-quoted.
std::string yaml_scalar(std::string_view text);

}  // namespace kosmo::config
