local result = app.integrations.sinch.sinch_list_batches({
page = 0
page_size = 30
})
