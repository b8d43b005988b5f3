#!/usr/bin/env -S kosmo integrations:lua
-- Count the results of finished Anthropic Message Batches by outcome (succeeded, errored, ...).
-- Results come back as JSONL text; each line is decoded on its own. Offline:
--   kosmo integrations:lua examples/anthropic_batch_results.lua \
--     --replay examples/cassettes/anthropic_batch_results.json --json
local anthropic = app.integrations.anthropic
local batches = anthropic.list_message_batches({ query = { limit = 20 } })
local by_outcome, pending = {}, {}

for _, batch in ipairs(batches.data) do
  if batch.processing_status == "ended" then
    local results = anthropic.get_message_batch_results({ id = batch.id })
    for line in results.body:gmatch("[^\n]+") do
      local row = json.decode(line)
      by_outcome[row.result.type] = (by_outcome[row.result.type] or 0) + 1
    end
  else
    pending[#pending + 1] = batch.id .. " (" .. batch.processing_status .. ")"
  end
end

-- pairs() order varies between runs; sort so the output is byte-identical under --replay.
local outcomes = {}
for outcome in pairs(by_outcome) do outcomes[#outcomes + 1] = outcome end
table.sort(outcomes)
for _, outcome in ipairs(outcomes) do print(outcome, by_outcome[outcome]) end
return { by_outcome = by_outcome, still_processing = pending }
