print(docs.read("sinch.get_group"))
