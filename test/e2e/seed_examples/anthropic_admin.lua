local org = app.integrations["anthropic"].get_organization({})

local users = app.integrations["anthropic"].list_users({
  query = { limit = 20 }
})

local keys = app.integrations["anthropic"].list_api_keys({
  query = { limit = 20, status = "active" }
})
