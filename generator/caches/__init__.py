"""What builds keep between them, each keyed by the one fingerprint of dudao's code (`fingerprint`)."""
