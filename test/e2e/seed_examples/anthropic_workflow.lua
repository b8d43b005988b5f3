local anthropic = app.integrations.anthropic
local result = anthropic.list_messages({model = "example_model", limit = 1, before_id = "example_before_id", after_id = "example_after_id"})

dump(result)
