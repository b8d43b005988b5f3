local result = app.integrations.sinch.sinch_list_groups({
page = 0
page_size = 30
})
