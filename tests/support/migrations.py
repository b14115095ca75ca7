"""Moving the test database between migrations, for the tests of migrations."""

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

# Every app at its newest migration: where each such test leaves the database.
LATEST = MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes()


def migrate_to(targets) -> Apps:
    """Migrate to ``targets`` ([(app, migration)]); the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps
