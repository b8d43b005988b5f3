print(docs.read("sinch"))
