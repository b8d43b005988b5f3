#pragma once
// UTF-8 well-formedness for the layers below lib/lua (HTTP bodies, cassettes, raw responses).
#include <string_view>

namespace kosmo {

// RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view text);

}  // namespace kosmo
