local result = app.integrations.sinch.sinch_get_group({
group_id = "group_abc123"
})
