local models = app.integrations["anthropic"].list_models({
  limit = 20
})

for _, model in ipairs(models.data or {}) do
  print(model.id .. " - " .. model.display_name)
end

local sonnet = app.integrations["anthropic"].get_model({
  id = "claude-sonnet-4-20250514"
})
