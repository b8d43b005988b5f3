print(docs.read("anthropic.list_messages"))
