"""Wagtail's database search backend, with relevance ranking on SQLite that scales.

On SQLite, Wagtail's backend (django-modelsearch) orders results by relevance with a correlated
subquery that runs the full-text MATCH again for every matching row: 2.9 s for a common word on
10,000 items (bench/search_bench.py). Here the ranked page of results is read from the FTS table
in one pass (same MATCH, same BM25 score expression, ordered and sliced in SQL) and the objects
are then fetched by primary key. Counts, facets, filters and every other backend are Wagtail's own.

Configured as ``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "news.search_backend"``.
"""

from django.db import connection
from wagtail.search.backends.database import SearchBackend as DatabaseSearchBackend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    backend = DatabaseSearchBackend(params)
    if connection.vendor != "sqlite":
        return backend
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    if type(backend) is SQLiteSearchBackend:  # not the fallback used without FTS5
        return RankedSQLiteSearchBackend(params)
    return backend


def _ranked_backend_class():
    from django.db.models import IntegerField
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
        def _do_search(self):
            compiler = self.query_compiler
            normalized = normalize(compiler.query)
            if (
                not compiler.order_by_relevance
                or self._score_field is not None
                or isinstance(normalized, (MatchAll, Not))
            ):
                return super()._do_search()
            config = compiler.get_config(self.backend)
            match = MatchExpression(
                compiler.fields or compiler.FTS_TABLE_FIELDS,
                compiler.build_search_query(normalized, config=config),
            )
            ranked = (
                SQLiteFTSIndexEntry.objects.filter(match)
                .filter(
                    index_entry__content_type__in=get_descendants_content_types_pks(compiler.queryset.model),
                    index_entry__object_id__in=compiler.queryset.values("pk"),
                )
                .annotate(score=_rank(compiler, config))
                .order_by("score", Cast("index_entry__object_id", IntegerField()).desc())
                .values_list("index_entry__object_id", flat=True)
            )
            ids = [int(pk) for pk in ranked[self.start : self.stop]]
            found = compiler.queryset.in_bulk(ids)
            return [found[pk] for pk in ids if pk in found]

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
