local result = app.integrations["anthropic"].create_message({
  model = "claude-sonnet-4-20250514",
  max_tokens = 256,
  messages = {
    { role = "user", content = "Summarize prompt caching in one paragraph." }
  }
})

print(result.id)
print(result.usage.input_tokens)
