"""The eval harness: scripted conversations in YAML, run against the demo company, checked turn by turn."""
