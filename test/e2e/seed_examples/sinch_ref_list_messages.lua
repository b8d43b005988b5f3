local result = app.integrations.sinch.sinch_list_messages({
direction = "mt"
page = 0
page_size = 30
})
