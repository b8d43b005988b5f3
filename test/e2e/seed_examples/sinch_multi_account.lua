-- Default account (always works)
app.integrations.sinch.function_name({...})
-- Explicit default (portable across setups)
app.integrations.sinch.default.function_name({...})
-- Named accounts
app.integrations.sinch.work.function_name({...})
app.integrations.sinch.personal.function_name({...})
