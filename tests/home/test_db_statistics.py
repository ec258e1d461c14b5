"""Planner statistics: taken by migrate and by ``manage.py analyze_database``."""

import io

import pytest
from django.core.management import call_command
from django.db import connection


def statistics_rows(table):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        else:
            cursor.execute(
                "SELECT count(*) FROM pg_stats WHERE schemaname = current_schema() AND tablename = %s",
                [table],
            )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_analyze_database_gives_the_planner_statistics_of_the_page_tables(listings):
    from tests.factories import BeritaFactory

    for n in range(3):
        BeritaFactory(parent=listings["berita"], title=f"Berita {n}")
    out = io.StringIO()
    call_command("analyze_database", stdout=out)
    assert "Statistik basis data diperbarui." in out.getvalue()
    assert statistics_rows("wagtailcore_page") > 0
    assert statistics_rows("news_beritapage") > 0
