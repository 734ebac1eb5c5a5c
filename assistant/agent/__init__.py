"""The agent: one LangChain `create_agent` loop over the tools, per user and conversation."""
