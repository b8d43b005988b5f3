local result = app.integrations.anthropic.list_messages({model = "example_model", limit = 1, before_id = "example_before_id", after_id = "example_after_id"})
print(result)
