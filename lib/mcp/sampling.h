#pragma once
// MCP sampling (a server's `sampling/createMessage`) answered through the run's Anthropic
// account: the entry's `"sampling"` setting, and the translation of the request into the
// arguments of `app.integrations.anthropic.create_message` and of Anthropic's answer back into a
// CreateMessageResult (MCP 2025-11-25). The call itself goes through the integrations runtime,
// so it meets the same write policy, --force, --dry-run, cassette and call log as a script's own
// create_message (see SamplingRequest in client_capabilities.h for who makes it).
#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>

#include "lib/common/outcome.h"

namespace kosmo::mcp {

// The model asked of Anthropic when neither the entry nor the server's hints name a Claude
// model.
inline constexpr std::string_view kDefaultSamplingModel = "claude-sonnet-4-5";

// An entry's `"sampling"` (parsed with the entry, server_config.h): absent or `false` (not
// offered), `true`, or an object narrowing it.
struct SamplingSettings {
  bool enabled = false;
  std::string account;                // the Anthropic account; "" = default
  std::string model;                  // "" = the server's first Claude hint, else the default
  std::optional<int> max_tokens_cap;  // the most tokens a server may ask for
};

// The named arguments of anthropic.create_message for a sampling/createMessage's `params`:
// messages (text and image content; audio and tool blocks are refused, as kosmo declares no
// sampling tools), systemPrompt → system, maxTokens (capped by the entry) → max_tokens,
// temperature, stopSequences → stop_sequences, and the model. A malformed request fails with
// kUsage (the server hears -32602).
Outcome<rapidjson::Document> anthropic_arguments(const rapidjson::Value& params,
                                                 const SamplingSettings& settings);

// The CreateMessageResult for Anthropic's Messages answer: its text blocks joined, the model it
// names, and the stop reason in MCP's words (end_turn → endTurn, stop_sequence → stopSequence,
// max_tokens → maxTokens; others as Anthropic says them). An answer without text fails.
Outcome<rapidjson::Document> sampling_result(const rapidjson::Value& answer);

}  // namespace kosmo::mcp
