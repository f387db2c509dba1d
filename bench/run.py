"""`make bench`: every figure against a floor measured in the same run, written to bench-results/.

Server figures run on SQLite, and on PostgreSQL too when DATABASE_URL names one (in a scratch database
`<name>_bench` beside it); browser figures run in headless Chromium against a live server.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DATA = BENCH / "data"
RESULTS = ROOT / "bench-results"
# Seed 2 gives the 10k organization a department of over 2,000 units, the "large subtree" the browser figures use.
SEED = "2"


def machine() -> dict[str, object]:
    """Describe where the figures were measured: CPU model, cores, memory, versions."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "")
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    total_kb = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal")), 0)
    return {
        "cpu": model or platform.processor(),
        "cores": os.cpu_count(),
        "ram_gb": round(total_kb / 2**20, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "load_average_at_start": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
    }


def generate(sizes: list[int]) -> None:
    for size in sorted(set(sizes)):
        path = DATA / f"SYNTHETIC-{size}.toml"
        if not path.exists() or f"--seed {SEED}`" not in path.read_text(encoding="utf-8")[:200]:
            subprocess.run(
                [
                    sys.executable,
                    "manage.py",
                    "generate_dataset",
                    "--size",
                    str(size),
                    "--seed",
                    SEED,
                    "--out",
                    str(DATA),
                ],
                cwd=ROOT,
                check=True,
            )


def run_server(database: str, sizes: list[int], out: Path) -> dict:
    print(f"\n== server figures on {database.split('://')[0]} ==", flush=True)
    command = [sys.executable, str(BENCH / "server.py"), "--database", database, "--data", str(DATA), "--out", str(out)]
    subprocess.run([*command, "--sizes", *map(str, sizes)], cwd=ROOT, check=True)
    return json.loads(out.read_text())


def run_browser(out: Path) -> dict:
    print("\n== browser figures (headless Chromium) ==", flush=True)
    if not (BENCH / "node_modules").exists():
        subprocess.run(["npm", "ci", "--prefix", str(BENCH), "--no-audit", "--no-fund"], check=True)
    subprocess.run(
        [sys.executable, "-m", "bench.browser", "--data", str(DATA), "--out", str(out)], cwd=BENCH.parent, check=True
    )
    return json.loads(out.read_text())


def _ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:,.1f}"


def _ratio(value: float | None, target: float | None = None) -> str:
    if value is None:
        return "–"
    mark = "" if target is None else (" ✓" if value <= target else " ✗")
    return f"{value:.2f}×{mark}"


def markdown(report: dict) -> str:
    m = report["machine"]
    lines = [
        f"# make bench, {report['started']}",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; Python {m['python']}, SQLite {m['sqlite']}; "
        f"load average {m['load_average_at_start']} at start.",
        "",
        "| database | figure | units | median ms | floor ms | ratio (target) | queries | peak MB |",
        "|---|---|---:|---:|---:|---|---:|---:|",
    ]
    for run in report["server"]:
        for r in run["results"]:
            lines.append(
                f"| {run['database']} | {r['figure']} | {r['size'] or ''} | {_ms(r['seconds'])} | "
                f"{_ms(r['floor_seconds'])} | {_ratio(r['ratio'], r['target'])} (≤ {r['target']}×) | "
                f"{r.get('queries', '')} | {r.get('peak_mb', '')} |"
            )
    lines += [
        "",
        "Floors: "
        + "; ".join(sorted({f"{r['figure']}: {r['floor']}" for run in report["server"] for r in run["results"]})),
    ]
    browser = report.get("browser")
    if browser:
        lines += [
            "",
            "| browser figure | units | orgchart ms | floor ms | ratio | d3-org-chart ms | ECharts ms "
            "| vs d3 | vs ECharts |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in browser["results"]:
            d3, ec, own = r.get("d3"), r.get("echarts"), r.get("orgchart")
            lines.append(
                f"| {r['figure']} | {r['size']} | {_ms(own)} | {_ms(r.get('floor'))} | "
                f"{_ratio(own / r['floor'] if own and r.get('floor') else None)} | {_ms(d3)} | {_ms(ec)} | "
                f"{_ratio(own / d3 if own and d3 else None)} | {_ratio(own / ec if own and ec else None)} |"
            )
        if browser.get("notes"):
            lines += ["", *[f"- {note}" for note in browser["notes"]]]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--no-browser", action="store_true", help="Server figures only.")
    parser.add_argument("--no-server", action="store_true", help="Browser figures only.")
    args = parser.parse_args()
    started = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    report: dict = {"started": started, "machine": machine(), "server": []}
    generate([*args.sizes, 5_000, 10_000] if not args.no_browser else args.sizes)
    with tempfile.TemporaryDirectory(prefix="orgchart-bench-") as scratch:
        if not args.no_server:
            sqlite = f"sqlite:///{scratch}/bench.sqlite3"
            report["server"].append(run_server(sqlite, args.sizes, Path(scratch) / "s.json"))
        if not args.no_server and os.environ.get("DATABASE_URL", "").startswith("postgres"):
            report["server"].append(run_server(os.environ["DATABASE_URL"], args.sizes, Path(scratch) / "p.json"))
        if not args.no_browser:
            report["browser"] = run_browser(Path(scratch) / "b.json")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{started}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    table = markdown(report)
    (RESULTS / f"{started}.md").write_text(table)
    print("\n" + table)
    print(f"Written: bench-results/{started}.json and .md")


if __name__ == "__main__":
    main()
