local sinch = app.integrations.sinch
local result = sinch.get_group({group_id = "example_group_id"})
dump(result)
