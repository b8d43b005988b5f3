#!/usr/bin/env -S kosmo integrations:lua
-- List every Sinch batch, page by page, and summarise sending per day: batches, recipients,
-- canceled batches. Runs offline with the shipped cassette:
--   kosmo integrations:lua examples/sinch_delivery_by_day.lua \
--     --replay examples/cassettes/sinch_delivery_by_day.json --json
local sinch = app.integrations.sinch
local per_day, page, seen = {}, 0, 0

repeat
  local result = sinch.list_batches({ page = page, page_size = 2 })
  for _, batch in ipairs(result.batches) do
    local day = batch.created_at:sub(1, 10)
    local entry = per_day[day] or { batches = 0, recipients = 0, canceled = 0 }
    entry.batches = entry.batches + 1
    entry.recipients = entry.recipients + #batch.to
    if batch.canceled then entry.canceled = entry.canceled + 1 end
    per_day[day] = entry
    seen = seen + 1
  end
  page = page + 1
until seen >= result.count or #result.batches == 0

local days = {}
for day in pairs(per_day) do days[#days + 1] = day end
table.sort(days)
for _, day in ipairs(days) do
  local entry = per_day[day]
  print(string.format("%s  %d batches, %d recipients, %d canceled", day, entry.batches,
    entry.recipients, entry.canceled))
end
return { batches = seen, days = per_day }
