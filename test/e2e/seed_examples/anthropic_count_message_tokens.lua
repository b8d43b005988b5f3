local result = app.integrations["anthropic"].count_message_tokens({
  payload = {
    model = "claude-sonnet-4-20250514",
    messages = {
      { role = "user", content = "Hello, Claude" }
    }
  }
})

print(result.input_tokens)
