app.integrations["anthropic"].create_message({...})
app.integrations["anthropic"].default.create_message({...})
app.integrations["anthropic"].work.create_message({...})
