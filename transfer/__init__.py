"""Bringing predictions in from other trackers and sending the ledger out:
file formats, and the import and export services."""
