local result = app.integrations.sinch.sinch_get_phone_number({
phone_number = "+1234567890"
})
