local result = app.integrations.sinch.sinch_list_phone_numbers({
page = 0
page_size = 30
})
