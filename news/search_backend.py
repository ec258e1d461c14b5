"""Wagtail's database search backend, with relevance ranking on SQLite that scales.

On SQLite, Wagtail's backend (django-modelsearch) orders results by relevance with a correlated
subquery that runs the full-text MATCH again for every matching row: seconds for a common word on
10,000 items (bench/README.md, "Site search"). Here the ranked page of results is read from the FTS table
in one pass (same MATCH, same BM25 score expression, ordered and sliced in SQL) and the objects
are then fetched by primary key. Counts, facets, filters and every other backend are Wagtail's own.

``ranked_hits`` gives every hit of a search at once, best first, as (page id, content type id):
the site search counts the hits per type and takes its page of results from that one list (one
query, where counting and ranking were two passes over the index).

Configured as ``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "news.search_backend"``.
"""

from django.db import connection
from wagtail.search.backends.database import SearchBackend as DatabaseSearchBackend


def ranked_hits(pages, query, among=None):
    """Every page of ``pages`` matching ``query``, best first (ties: newest id first), as a list of
    (page id, content type id), in one query: counts per type are ``Counter`` of the second item,
    a page of results a slice of the list.

    ``among``: the ids of ``pages``, when the caller has them at hand (a set): on SQLite the hits
    are then checked against it instead of joined with the pages (the join looks up every hit's
    page: a third of the search's time; bench/README.md, "Figures behind the code")."""
    results = pages.search(query)
    hits = getattr(results, "ranked_hits", None)
    if hits is not None and (found := hits(among)) is not None:
        return found
    # Wagtail's other backends rank in the database (PostgreSQL: ts_rank, then -pk).
    return list(results.get_queryset().values_list("pk", "content_type_id"))


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    backend = DatabaseSearchBackend(params)
    if connection.vendor != "sqlite":
        return backend
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    if type(backend) is SQLiteSearchBackend:  # not the fallback used without FTS5
        return RankedSQLiteSearchBackend(params)
    return backend


def _ranked_backend_class():
    from django.db.models import F, IntegerField
    from django.db.models.functions import Cast
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteFTSIndexEntry,
        SQLiteSearchBackend,
        SQLiteSearchResults,
    )
    from modelsearch.query import MatchAll, Not
    from modelsearch.utils import get_descendants_content_types_pks

    class RankedSQLiteSearchResults(SQLiteSearchResults):
        def _scored_index(self):
            """The index entries of the searched model matching the query, each with Wagtail's
            score (lower is better: BM25), or None for queries Wagtail's own search handles."""
            compiler = self.query_compiler
            normalized = normalize(compiler.query)
            if isinstance(normalized, (MatchAll, Not)):
                return None
            config = compiler.get_config(self.backend)
            match = MatchExpression(
                compiler.fields or compiler.FTS_TABLE_FIELDS,
                compiler.build_search_query(normalized, config=config),
            )
            return (
                SQLiteFTSIndexEntry.objects.filter(match)
                .filter(
                    index_entry__content_type__in=get_descendants_content_types_pks(compiler.queryset.model)
                )
                .annotate(hit_score=_rank(compiler, config))
            )

        def _do_search(self):
            index = self._scored_index()
            if index is None or not self.query_compiler.order_by_relevance or self._score_field is not None:
                return super()._do_search()
            queryset = self.query_compiler.queryset
            ranked = (
                index.filter(index_entry__object_id__in=queryset.values("pk"))
                .order_by("hit_score", Cast("index_entry__object_id", IntegerField()).desc())
                .values_list("index_entry__object_id", flat=True)
            )
            ids = [int(pk) for pk in ranked[self.start : self.stop]]
            found = queryset.in_bulk(ids)
            return [found[pk] for pk in ids if pk in found]

        def ranked_hits(self, among=None):
            """All hits of a search of pages as (pk, content type id), best first, or None where
            Wagtail's own search applies: the scored index joined with the searched pages (a join:
            an ``IN`` list of every page in scope costs more than the ranking), sorted in SQL; or,
            given ``among`` (the searched pages' ids), the scored index alone, kept to those ids."""
            index = self._scored_index()
            if index is None:
                return None
            index = index.values(
                "hit_score", hit_id=F("index_entry__object_id"), hit_type=F("index_entry__content_type")
            )
            index_sql, index_params = index.query.sql_with_params()
            with connection.cursor() as cursor:
                if among is not None:
                    cursor.execute(
                        f"SELECT CAST(hit_id AS integer) AS page_id, hit_type FROM ({index_sql})"  # noqa: S608
                        " ORDER BY hit_score, page_id DESC",
                        index_params,
                    )
                    return [hit for hit in cursor.fetchall() if hit[0] in among]
                pages = self.query_compiler.queryset.order_by().values(
                    page_id=F("pk"), page_type=F("content_type_id")
                )
                pages_sql, pages_params = pages.query.sql_with_params()
                cursor.execute(
                    f"SELECT page_id, page_type FROM ({index_sql}) JOIN ({pages_sql})"  # noqa: S608 - Django's SQL
                    " ON page_id = CAST(hit_id AS integer) ORDER BY hit_score, page_id DESC",
                    (*index_params, *pages_params),
                )
                return cursor.fetchall()

    def _rank(compiler, config):
        """Wagtail's score, sum over the fields of BM25 x the field's boost, computed as BM25 x the
        sum of the boosts: its BM25 term is the same for every field (the whole FTS row), so one
        call instead of one per field (each ranks all the hits again)."""
        vectors = compiler.get_search_vectors()
        boosts = vectors[0][1]
        for _vector, boost in vectors[1:]:
            boosts = boosts + boost
        return compiler.build_tsrank(vectors[0][0], compiler.query, config=config) * boosts

    class RankedSQLiteSearchBackend(SQLiteSearchBackend):
        results_class = RankedSQLiteSearchResults

    return RankedSQLiteSearchBackend


def RankedSQLiteSearchBackend(params):  # noqa: N802 - built lazily: the models load with the apps
    return _ranked_backend_class()(params)
