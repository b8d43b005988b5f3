#!/usr/bin/env -S kosmo integrations:lua
-- Announce something to a Sinch group: read the group, then send one SMS batch to it. Sending
-- is a write, so try it first as a dry run, which shows the request instead of sending it:
--   kosmo integrations:lua examples/sinch_group_announcement.lua --dry-run \
--     --replay examples/cassettes/sinch_group_announcement.json --json
-- and for real (here: replayed) with --force or `permissions.write: allow` in config.yaml.
local sinch = app.integrations.sinch
local group = sinch.get_group({ group_id = "01FC66621VHDBN119Z8PMV1QPQ" })
print(string.format("group %q has %d members", group.name, group.size))

local sent = sinch.send_sms({
  from = "+15557654321",
  to = { group.id },
  body = "Doors open at 9:00 tomorrow. Reply STOP to opt out.",
})
return sent
