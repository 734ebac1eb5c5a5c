"""The offline chat model: intents from multilingual embeddings plus rules, arguments from text, template replies."""
