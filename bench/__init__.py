"""make bench: the app measured against a raw-SQL floor (docs/benchmark.md)."""
