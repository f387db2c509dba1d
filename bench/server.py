"""Server figures on one database, each against a floor timed in the same process on the same data.

Run by bench/run.py: `python bench/server.py --database URL --data DIR --out FILE [--sizes ...]`.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

try:
    import orjson

    def dumps(value) -> bytes:
        return orjson.dumps(value)
except ImportError:  # the floor uses the fastest JSON the app could use

    def dumps(value) -> bytes:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


@contextlib.contextmanager
def count_queries(connection):
    """Count the statements run inside the block (a list of their SQL), whatever DEBUG says."""
    executed: list[str] = []

    def wrapper(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield executed


def replacing_published():
    """Return the guard that lets the dataset loader replace published data (a no-op where there is none)."""
    try:
        from structures.guards import replacing_published_data
    except ImportError:
        return contextlib.nullcontext()
    return replacing_published_data()


REPEATS = {1_000: 15, 5_000: 7, 10_000: 7, 100_000: 3}


@contextlib.contextmanager
def building_or_cached(*, cached: bool):
    """Time published responses as built on every request, or as served from the shared cache once built."""
    from django.core.cache import cache
    from django.test import override_settings

    cache.clear()
    with override_settings(API_CACHE_SECONDS=86400 if cached else 0):
        yield
    cache.clear()


def interleaved(first: Callable[[], object], second: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Time two actions alternately, each going first in half the rounds; return both medians.

    Alternating spreads drift on a shared machine over both alike, and swapping who goes first spreads the
    cost of running just after a garbage collection (caches cold) too.
    """
    first(), second()
    times: dict[int, list[float]] = {0: [], 1: []}
    actions = (first, second)
    for round_ in range(repeats):
        gc.collect()
        for index in (0, 1) if round_ % 2 == 0 else (1, 0):
            start = time.perf_counter()
            actions[index]()
            times[index].append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def prepare_postgres(url: str) -> str:
    """Create a scratch database `<name>_bench` next to the one DATABASE_URL names; return its URL."""
    import psycopg
    from dj_database_url import parse

    config = parse(url)
    name = f"{config['NAME']}_bench"
    admin = psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    base, _, _old = url.rpartition("/")
    return f"{base}/{name}"


class ServerBench:
    def __init__(self, data: Path, sizes: list[int]) -> None:
        from django.db import connection
        from django.test import Client

        self.connection = connection
        self.client = Client()
        self.data = data
        self.sizes = sizes
        self.results: list[dict] = []
        self.table = {name: self._table(name) for name in ("Unit", "Citation", "SourceDocument")}

    @staticmethod
    def _table(model: str) -> str:
        from django.apps import apps
        from django.db import connection

        return connection.ops.quote_name(apps.get_model("structures", model)._meta.db_table)

    def record(self, figure: str, size: int | None, seconds: float, floor_s: float, target: float, **extra) -> None:
        row = {"figure": figure, "size": size, "seconds": seconds, "floor_seconds": floor_s, "target": target}
        row |= {"ratio": seconds / floor_s if floor_s else None, **extra}
        self.results.append(row)
        ratio = f"{row['ratio']:.2f}x" if row["ratio"] else "-"
        extras = " ".join(f"{k}={v}" for k, v in extra.items() if k != "floor")
        print(f"  {figure:<28} {size or '':>7} {seconds * 1000:9.1f} ms  floor {floor_s * 1000:8.1f} ms  {ratio:>7}"
              f"  (target <= {target}x) {extras}", flush=True)  # fmt: skip

    # --- Loading -------------------------------------------------------------------------------

    def load(self, size: int, *, repeats: int = 1, record: bool = True) -> None:
        from structures import services
        from structures.importing import read_dataset
        from structures.models import Reform, Snapshot, SourceDocument

        path = self.data / f"SYNTHETIC-{size}.toml"
        symbol = f"SYN/{size}"
        times, floors = [], []
        for _ in range(repeats):
            with replacing_published():  # only the loader may drop published data; so does this reset
                Reform.objects.filter(document__symbol=symbol).delete()
                Snapshot.objects.filter(document__symbol=symbol).delete()
                SourceDocument.objects.filter(symbol=symbol).delete()  # or the loader sees the file as loaded
            gc.collect()
            start = time.perf_counter()
            counts = services.load_dataset(files=read_dataset([path]))
            times.append(time.perf_counter() - start)
            if record:
                # Right after each load, so a slow spell of the machine falls on both alike: timed at the end of
                # a run instead, the same 100k floor took 5.3 s in one run and 8.9 s in another.
                floors.append(self.raw_insert_time(symbol))
        if not record:
            return
        self.record(
            "load dataset file", size, statistics.median(times), statistics.median(floors), 5.0,
            units=counts["units"], successions=counts["successions"], bytes=path.stat().st_size,
            floor="the same unit, citation and succession rows inserted with executemany",
        )  # fmt: skip

    def raw_insert_time(self, symbol: str) -> float:
        """Time inserting the rows the load wrote, again, with executemany in one transaction (rolled back)."""
        from django.db import transaction

        from structures.models import Citation, Organization, Reform, Snapshot, Succession, Unit

        snapshots = list(Snapshot.objects.filter(document__symbol=symbol).order_by("id"))
        reforms = list(Reform.objects.filter(document__symbol=symbol).order_by("id"))
        from_units, to_units = Succession.from_units.through, Succession.to_units.through
        tables = [
            (Unit, Unit.objects.filter(snapshot__in=snapshots)),
            (Citation, Citation.objects.filter(unit__snapshot__in=snapshots)),
            (Succession, Succession.objects.filter(reform__in=reforms)),
            (from_units, from_units.objects.filter(succession__reform__in=reforms)),
            (to_units, to_units.objects.filter(succession__reform__in=reforms)),
        ]
        rows = {}
        with self.connection.cursor() as cursor:
            for model, queryset in tables:
                fields = model._meta.concrete_fields
                columns = [f.column for f in fields]
                query = queryset.order_by("pk").values_list(*[f.attname for f in fields]).query
                sql, params = query.sql_with_params()
                cursor.execute(sql, params)
                rows[model] = (columns, cursor.fetchall())
        with transaction.atomic(), replacing_published():
            organization = Organization.objects.get(key=snapshots[0].organization.key)
            copies = {
                s.id: Snapshot.objects.create(
                    organization=organization, key=f"floor-{s.key}", label_en="floor", label_zh="floor",
                    document=s.document,
                ).id
                for s in snapshots
            }  # fmt: skip
            reform_copies = {
                r.id: Reform.objects.create(
                    organization=organization, key=f"floor-{r.key}", name_en="floor", name_zh="floor",
                    document=r.document, before_id=copies[r.before_id], after_id=copies[r.after_id],
                ).id
                for r in reforms
            }  # fmt: skip
            prepared = [self._shifted(model, *rows[model], copies, reform_copies) for model, _ in tables]
            gc.collect()
            start = time.perf_counter()
            with self.connection.cursor() as cursor:
                for sql, values in prepared:
                    cursor.executemany(sql, values)
            seconds = time.perf_counter() - start
            transaction.set_rollback(True)
        return seconds

    def _shifted(self, model, columns, rows, snapshots, reforms) -> tuple[str, list]:
        """Return an INSERT and the rows with fresh ids (ids and references moved past every stored id)."""
        shift = 10**9
        references = {"id", "parent_id", "unit_id", "succession_id"}
        values = []
        for row in rows:
            new = []
            for column, value in zip(columns, row, strict=True):
                if column in references and value is not None:
                    value += shift
                elif column == "snapshot_id" and value is not None:
                    value = snapshots[value]
                elif column == "reform_id" and value is not None:
                    value = reforms[value]
                elif column == "tree_id":
                    value += shift
                new.append(value)
            values.append(new)
        quote = self.connection.ops.quote_name
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) VALUES ({placeholders})"
        return sql, values

    # --- Reading -------------------------------------------------------------------------------

    def floor_rows(self, snapshot_id: int) -> list[tuple]:
        """Read what a chart shows, units with their citations in tree order, with a raw cursor."""
        t = self.table
        sql = (
            "SELECT u.key, p.key, u.parent_unknown, u.level, u.name_en, u.name_zh, u.aliases, u.kind, u.head_en, "
            "u.head_zh, u.grade, u.posts, u.shared, u.note_en, u.note_zh, u.pinyin, d.symbol, c.paragraph "
            f"FROM {t['Unit']} u LEFT JOIN {t['Unit']} p ON p.id = u.parent_id "
            f"LEFT JOIN {t['Citation']} c ON c.unit_id = u.id "
            f"LEFT JOIN {t['SourceDocument']} d ON d.id = c.document_id "
            "WHERE u.snapshot_id = %s ORDER BY u.tree_id, u.lft, c.position, c.id"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [snapshot_id])
            return cursor.fetchall()

    def tree(self, size: int) -> None:
        from structures.models import Snapshot

        snapshot = Snapshot.objects.get(key=f"synthetic-{size}-0")
        url = f"/api/snapshots/{snapshot.key}/tree/"

        def api() -> bytes:
            response = self.client.get(url)
            assert response.status_code == 200, response.status_code
            return response.content

        def floor() -> bytes:
            return dumps(self.floor_rows(snapshot.id))

        repeats = REPEATS.get(size, 3)
        tracemalloc.start()
        floor()
        floor_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        for figure, cached in (("tree via API, built", False), ("tree via API, cached", True)):
            with building_or_cached(cached=cached):
                seconds, floor_seconds = interleaved(api, floor, repeats)
                with count_queries(self.connection) as queries:
                    body = api()
                tracemalloc.start()
                api()
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
            self.record(
                figure, size, seconds, floor_seconds, 1.5, queries=len(queries),
                peak_mb=round(peak / 2**20, 1), floor_peak_mb=round(floor_peak / 2**20, 1),
                body_mb=round(len(body) / 2**20, 2),
                floor="units and citations read with a raw cursor in tree order, dumped to JSON",
            )  # fmt: skip

    def compare(self, size: int) -> None:
        from structures.models import Snapshot

        before = Snapshot.objects.get(key=f"synthetic-{size}-0")
        after = Snapshot.objects.get(key=f"synthetic-{size}-1")
        url = f"/api/compare/?before={before.key}&after={after.key}"

        def api() -> bytes:
            response = self.client.get(url)
            assert response.status_code == 200, response.status_code
            return response.content

        def floor() -> dict:
            old = {row[0]: row for row in self.floor_rows(before.id)}
            return {row[0]: (old.get(row[0]), row) for row in self.floor_rows(after.id)}

        repeats = REPEATS.get(size, 3)
        for figure, cached in (("compare via API, built", False), ("compare via API, cached", True)):
            with building_or_cached(cached=cached):
                seconds, floor_seconds = interleaved(api, floor, repeats)
                with count_queries(self.connection) as queries:
                    api()
                tracemalloc.start()
                api()
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
            self.record(
                figure, size, seconds, floor_seconds, 2.0, queries=len(queries), peak_mb=round(peak / 2**20, 1),
                floor="both snapshots' rows read raw and joined by key in a dict",
            )  # fmt: skip

    def revalidate(self, size: int) -> None:
        url = f"/api/snapshots/synthetic-{size}-0/tree/"
        etag = self.client.get(url)["ETag"]

        def not_modified() -> None:
            assert self.client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

        def empty() -> None:
            assert self.client.get("/bench/empty/").status_code == 200

        seconds, floor_seconds = interleaved(not_modified, empty, 400)
        self.record("304 revalidation of a tree", size, seconds, floor_seconds, 2.0, floor="an empty Django view")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    args = parser.parse_args()
    url = prepare_postgres(args.database) if args.database.startswith("postgres") else args.database
    os.environ["BENCH_DATABASE_URL"] = url

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    bench = ServerBench(args.data, args.sizes)
    largest = max(args.sizes)
    # The first load in a process also pays for its imports, caches and the pinyin dictionary: load the smallest
    # file once untimed, as every other figure is run once before it is timed (a 1k load: 199-229 ms, then 170).
    bench.load(min(args.sizes), record=False)
    for size in args.sizes:
        bench.load(size, repeats=1 if size == largest else 2)  # one load of the largest keeps the run short
    from django.db import connection

    if connection.vendor == "postgresql":
        # Reads are timed on a settled database, as a deployment's is once autovacuum has been by: otherwise it
        # cleans up after the loads (their repeats delete what they wrote) while the reads are timed, which had
        # tripled the floors of one run.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    for size in args.sizes:
        bench.tree(size)
    for size in args.sizes:
        if size >= 10_000 or size == largest:
            bench.compare(size)
    bench.revalidate(largest)
    args.out.write_text(json.dumps({"database": connection.vendor, "results": bench.results}, indent=1))


if __name__ == "__main__":
    main()
