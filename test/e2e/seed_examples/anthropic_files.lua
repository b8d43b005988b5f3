local files = app.integrations["anthropic"].list_files({
  query = { limit = 20 }
})

local file = app.integrations["anthropic"].get_file({
  id = "file_011example"
})

local content = app.integrations["anthropic"].download_file({
  id = "file_011downloadable"
})

print(content.content_type)
