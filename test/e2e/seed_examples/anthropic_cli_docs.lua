print(docs.read("anthropic"))
