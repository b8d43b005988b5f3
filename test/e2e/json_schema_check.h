// A JSON Schema check for the deploy examples (deploy_examples_test.cpp): the keywords their
// schemas in test/deploy/ use, with ECMAScript patterns (std::regex). RapidJSON's own
// validator was not used: its regex dialect lacks \S and \d, and the Debian build crashes on
// patternProperties combined with oneOf.
//
// Keywords: $ref (#/definitions/NAME only), type (a name or a list), enum, required,
// properties, patternProperties, additionalProperties (false or a schema), minProperties,
// items, minItems, minimum, maximum, maxLength, pattern, oneOf. Anything else is ignored, as a
// validator does with unknown keywords ("description").
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <vector>

namespace kosmo::e2e {

// What in `value` does not match `schema` (a node of `root`, the whole schema document that
// $ref resolves against): one line per problem, "<JSON pointer>: <what>"; empty when valid.
std::vector<std::string> SchemaCheck(const rapidjson::Value& root, const rapidjson::Value& schema,
                                     const rapidjson::Value& value);

}  // namespace kosmo::e2e
