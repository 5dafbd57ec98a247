"""The write path: sources -> article records -> chunks -> index."""
