"""Readers and writers of other tools' files: pure functions from text to records, no database."""
