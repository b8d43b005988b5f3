-- 1,000 sequential integration calls against the loopback fake vendor (scripts/bench calls).
local sinch = app.integrations.sinch
for _ = 1, 1000 do
  sinch.get_group({ group_id = "01FC66621VHDBN119Z8PMV1QPQ" })
end
return 1000
