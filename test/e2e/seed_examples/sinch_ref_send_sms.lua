local result = app.integrations.sinch.sinch_send_sms({
from = "+1234567890"
to = {"+1987654321"}
body = "Hello from Sinch!"
})
