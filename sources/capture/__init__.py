"""Capturing a source: fetching its page safely and reading the article out of it."""
