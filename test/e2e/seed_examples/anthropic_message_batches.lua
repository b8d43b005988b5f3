local batch = app.integrations["anthropic"].create_message_batch({
  payload = {
    requests = {
      {
        custom_id = "example-1",
        params = {
          model = "claude-sonnet-4-20250514",
          max_tokens = 128,
          messages = {
            { role = "user", content = "Write one sentence about CI." }
          }
        }
      }
    }
  }
})

local current = app.integrations["anthropic"].get_message_batch({
  id = batch.id
})

print(current.processing_status)
