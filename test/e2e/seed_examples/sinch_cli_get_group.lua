dump(app.integrations.sinch.get_group({group_id = "example_group_id"}))
