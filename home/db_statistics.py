"""Table statistics for the query planner.

PostgreSQL keeps its own (autovacuum). SQLite has none until ``ANALYZE`` runs, and without them
it guesses: on 10,000 items it sorted every Berita to list the newest ten instead of walking
the date index, many times slower (bench/README.md, "Figures behind the code"). The page
tree's shape (a few listings, many items under each) does not change as a site grows, so
statistics taken after each ``migrate`` (every install and upgrade) and by
``manage.py analyze_database`` (cron, after a bulk import) are enough.
"""

from django.db import connections

# Rows sampled per index: enough for the planner's choices, fast on any size (bench/README.md).
SQLITE_ANALYSIS_LIMIT = 1000


def analyze(using="default"):
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")


def analyze_after_migrate(sender, using="default", **kwargs):
    """Connected for one app only (post_migrate is sent per app, after every migration ran)."""
    analyze(using)
