dump(mcp.servers())
