"""The typed records, their field types and YAML nodes, diagnostics, words and addresses: the vocabulary every layer above speaks."""
