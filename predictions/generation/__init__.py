"""A generated ledger for measuring the site at scale (docs/benchmark.md):
``manage.py generate_ledger``. population makes the cast, batch the rows of
each batch of predictions, writer COPYs them, guard keeps it off real data."""
