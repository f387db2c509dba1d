"""An import killed half-way (SIGKILL, mid-transaction) leaves the database exactly as it was."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

# Each step runs in its own process against a database file (or server) the test process does not hold open.
SETUP = """
import sys, django
django.setup()
from structures import import_services
from tests.test_transfer import cited_draft, reshape
draft = cited_draft()
export = import_services.export_toml if sys.argv[1].endswith(".toml") else import_services.export_csv
with open(sys.argv[1], "w", encoding="utf-8", newline="") as out:
    out.write(export(draft))
reshape(draft)
"""
DUMP = """
import json, django
django.setup()
from tests.conftest import dump_database
print(json.dumps(dump_database(), default=str, ensure_ascii=False))
"""
# Runs the real command, pausing inside its transaction at the first unit written after old rows were
# deleted; the marker file tells the test it got that far, then the test kills it.
KILLED_IMPORT = """
import sys, time, pathlib, django
django.setup()
from django.core.management import call_command
from django.db import connection
marker = pathlib.Path(sys.argv[2])
deleted = []
def pause(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    statement = sql.lstrip().upper()
    if statement.startswith("DELETE"):
        deleted.append(sql)
    if statement.startswith("INSERT") and "structures_unit" in sql.lower() and deleted:
        # Written aside, then renamed: the test reads the marker as soon as it exists, never half-written.
        written = marker.with_suffix(".tmp")
        written.write_text(f"{len(deleted)} deletes, then a unit insert")
        written.replace(marker)
        time.sleep(300)
    return result
with connection.execute_wrapper(pause):
    call_command("import_snapshot", sys.argv[1], *sys.argv[3:])
"""


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory) -> Path:
    """Return an SQLite file migrated once; each test works on its own copy."""
    path = tmp_path_factory.mktemp("migrated") / "template.sqlite3"
    if connection.vendor == "sqlite":
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "DJANGO_SETTINGS_MODULE": "orgchart.settings"}
        run("import django; django.setup(); from django.core.management import call_command; call_command('migrate')",
            env=env)  # fmt: skip
    return path


def database_url(tmp_path: Path, migrated_sqlite: Path) -> str:
    """Return a database the subprocesses share, which the test process does not hold open."""
    if connection.vendor == "sqlite":
        copy = tmp_path / "killed.sqlite3"
        shutil.copyfile(migrated_sqlite, copy)
        return f"sqlite:///{copy}"
    if connection.vendor == "postgresql":
        # The test database itself: this test runs with transaction=True, so it is flushed afterwards.
        db = connection.settings_dict
        user = quote(db["USER"] or "")
        password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
        return f"postgres://{user}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    pytest.fail(f"no killed-import test for database {connection.vendor}")


def run(script: str, *args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("file_name", "options"), [("draft.toml", ()), ("units.csv", ("--into", "draft-2030"))])
def test_an_import_killed_half_way_leaves_the_database_exactly_as_before(tmp_path, migrated_sqlite, file_name, options):
    url = database_url(tmp_path, migrated_sqlite)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "orgchart.settings"}
    upload = tmp_path / file_name
    run(SETUP, str(upload), env=env)
    before = json.loads(run(DUMP, env=env))

    marker = tmp_path / "paused"
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_IMPORT, str(upload), str(marker), *options],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 300  # a safety net against a hung child, not a speed check
        while not marker.exists():
            if time.monotonic() > deadline:
                pytest.fail("the import never reached its pause point")
            if process.poll() is not None:
                pytest.fail("the import ended before it was killed: " + process.stderr.read().decode()[-3000:])
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    assert "deletes, then a unit insert" in marker.read_text()

    assert json.loads(run(DUMP, env=env)) == before
    # The same import, not killed, does change the data: the test above could have failed.
    run("import django; django.setup(); import sys; from django.core.management import call_command; "
        "call_command('import_snapshot', *sys.argv[1:])", str(upload), *options, env=env)  # fmt: skip
    assert json.loads(run(DUMP, env=env)) != before
