"""Load, validate and link the project's files into one read-only site model."""
