"""Server time of Cocity's busiest pages on a city-size database, against a bare-Django ceiling.

    .venv/bin/python benchmarks/bench_pages.py --db sqlite|postgres [--reuse] [--requests 30]

Seeds `cocity seed --size city` (100k ideas, 1M reactions, 300k comments, 50k residents) into a
dedicated database — var/bench/cocity_bench.sqlite3, or the PostgreSQL database `cocity_bench`
(`--pg-url` to change) — unless `--reuse` finds one already seeded. Then, in this process, it
sends requests through Django's test Client (the whole middleware stack, no network), warms
each page up, times N requests, and reports the median and 95th percentile, with the number of
SQL queries per page. The *ceiling* is a bare view defined here, behind the same middleware,
that renders 25 rows of the 100k-row idea table (paginated by primary key, minimal template):
what any Django page that lists 25 rows from a big table costs on this machine.

Writes a Markdown table to stdout, raw numbers to benchmarks/results/, and the section for the
chosen database into docs/performance.md (between its bench markers).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
RESULTS_DIR = ROOT / "benchmarks" / "results"
DOC = ROOT / "docs" / "performance.md"
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/cocity_bench"


def configure(db: str, pg_url: str) -> None:
    """Point Cocity's settings (read from the environment) at the benchmark database."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    os.environ["COCITY_DATA_DIR"] = str(BENCH_DIR)
    os.environ["COCITY_DEBUG"] = "0"
    os.environ["COCITY_RATE_LIMITS"] = "0"
    if db == "sqlite":
        os.environ["COCITY_DATABASE_URL"] = f"sqlite:///{BENCH_DIR / 'cocity_bench.sqlite3'}"
    else:
        os.environ["COCITY_DATABASE_URL"] = pg_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "cocity.settings"
    sys.path.insert(0, str(ROOT))


# --- The ceiling: a bare view with its own URLconf (this module) ----------------------------

CEILING_TEMPLATE = """<!doctype html><html lang="en"><head><title>Ceiling</title></head><body>
<h1>Ideas</h1><ol>{% for idea in page %}<li><a href="/ideas/{{ idea.pk }}/">{{ idea.title }}</a>
{{ idea.score }} · {{ idea.comment_count }}</li>{% endfor %}</ol>
<p>Page {{ page.number }} of {{ page.paginator.num_pages }}</p></body></html>"""


def ceiling(request: Any) -> Any:
    from django.core.paginator import Paginator
    from django.http import HttpResponse
    from django.template import engines

    from cocity.ideas.models import Idea

    qs = Idea.objects.order_by("pk").only("id", "title", "score", "comment_count")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    template = engines["django"].from_string(CEILING_TEMPLATE)
    return HttpResponse(template.render({"page": page}, request))


urlpatterns: list[Any] = []  # filled in main(), after Django is set up


# --- Seeding --------------------------------------------------------------------------------


def prepare_database(db: str, pg_url: str, reuse: bool) -> dict[str, Any]:
    """Create, migrate and seed the benchmark database (or reuse it). Returns seed facts."""
    import django
    from django.core.management import call_command

    if not reuse:
        if db == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{BENCH_DIR / 'cocity_bench.sqlite3'}{suffix}").unlink(missing_ok=True)
        else:
            recreate_pg_database(pg_url)
    django.setup()
    from cocity.demo.seeding import database_is_empty, seed_city
    from cocity.ideas.models import Idea

    call_command("migrate", verbosity=0, interactive=False)
    if not database_is_empty():
        print(f"Reusing the seeded database ({Idea.objects.count():,} ideas).")
        return {"reused": True}
    print("Seeding --size city… (about a minute)")
    start = time.perf_counter()
    report = seed_city(size="city", log=print)
    seconds = time.perf_counter() - start
    print(f"Seeded in {seconds:.1f} s")
    return {
        "reused": False,
        "seconds": round(seconds, 1),
        "stages": report.seconds,
        "counts": report.counts,
    }


def recreate_pg_database(url: str) -> None:
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name) or "bench" not in name:
        raise SystemExit(f"Refusing to drop {name!r}: a benchmark database name contains 'bench'")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


# --- Measuring ------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    url: str
    median_ms: float
    p95_ms: float
    min_ms: float  # the least-disturbed request: close to the page's cost on an idle machine
    cpu_ms: float  # median CPU time of this process (SQLite's work included, PostgreSQL's not)
    queries: int
    status: int


def _summary(walls: list[float], cpus: list[float]) -> tuple[float, float, float, float]:
    walls = sorted(walls)
    p95 = statistics.quantiles(walls, n=20, method="inclusive")[18] if len(walls) > 1 else walls[0]
    median, cpu = statistics.median(walls), statistics.median(cpus)
    return round(median, 1), round(p95, 1), round(walls[0], 1), round(cpu, 1)


def measure(name: str, url: str, send: Callable[[], Any], *, warmup: int, n: int) -> Result:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    status = 0
    for _ in range(warmup):
        status = send().status_code
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        send()
    # Read now: captured_queries slices the live log, which the next requests empty.
    queries = len(captured.captured_queries)
    walls, cpus = [], []
    for _ in range(n):
        cpu, start = time.process_time(), time.perf_counter()
        response = send()
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        status = response.status_code
    return Result(name, url, *_summary(walls, cpus), queries, status)


def run_benchmarks(*, warmup: int, n: int) -> tuple[list[Result], dict[str, Any]]:
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from cocity.accounts.models import User
    from cocity.ideas.models import Idea, Reaction
    from cocity.projects.models import Phase

    phase = (
        Phase.objects.filter(method="ideation")
        .annotate(n=Count("ideas"))
        .order_by("-n")
        .select_related("project")
        .first()
    )
    assert phase is not None, "no ideation phase: is the database seeded?"
    phase_url = reverse("projects:phase", args=[phase.project.slug, phase.pk])
    topic = phase.project.topics.order_by("position").first()
    busy = Idea.objects.filter(phase=phase).listed().order_by("-comment_count", "-id").first()
    assert busy is not None
    facts = {
        "phase": f"{phase.project.slug} / phase {phase.pk}",
        "phase_ideas": phase.n,
        "busy_idea": busy.pk,
        "busy_idea_comments": busy.comment_count,
        "busy_idea_reactions": busy.up_count + busy.down_count,
        "ideas": Idea.objects.count(),
        "reactions": Reaction.objects.count(),
    }

    anon = Client()
    pages: list[tuple[str, str]] = [
        ("Ceiling: bare view, 25 of 100k rows", "/__bench/ceiling/"),
        ("Home page", reverse("projects:home")),
    ]
    for sort in ("trending", "newest", "reactions", "comments", "random"):
        pages.append((f"Idea list ({phase.n:,} ideas), sort={sort}", f"{phase_url}?sort={sort}"))
    pages.append(("Idea list, text search q=carrefour", f"{phase_url}?q=carrefour"))
    if topic is not None:
        pages.append(("Idea list, topic filter", f"{phase_url}?topic={topic.pk}"))
    idea_url = reverse("ideas:detail", args=[busy.pk])
    pages.append((f"Idea page ({busy.comment_count} comments)", idea_url))

    results = []
    for name, url in pages:
        result = measure(name, url, lambda url=url: anon.get(url), warmup=warmup, n=n)
        print(
            f"  {name}: {result.median_ms} ms (p95 {result.p95_ms}, CPU {result.cpu_ms}), "
            f"{result.queries} queries"
        )
        results.append(result)

    # Writes: a resident who has not reacted to the busy idea adds a reaction, then removes it.
    reacted = Reaction.objects.filter(idea=busy).values("user_id")
    resident = User.objects.filter(role="resident", is_active=True).exclude(pk__in=reacted).first()
    member = Client()
    member.force_login(resident)
    react_url = reverse("ideas:react", args=[busy.pk])
    for name, value in (("Post a reaction", "1"), ("Remove the reaction", "0")):
        # Alternate so every timed request really writes; time only the request named.
        other = "0" if value == "1" else "1"

        def send(value: str = value, other: str = other) -> Any:
            member.post(react_url, {"value": other})
            cpu, start = time.process_time(), time.perf_counter()
            response = member.post(react_url, {"value": value})
            send.elapsed = (time.perf_counter() - start) * 1000  # type: ignore[attr-defined]
            send.cpu = (time.process_time() - cpu) * 1000  # type: ignore[attr-defined]
            return response

        result = measure_pair(name, react_url, send, warmup=warmup, n=n)
        print(
            f"  {name}: {result.median_ms} ms (p95 {result.p95_ms}, CPU {result.cpu_ms}), "
            f"{result.queries} queries"
        )
        results.append(result)
    member.post(react_url, {"value": "0"})
    return results, facts


def measure_pair(name: str, url: str, send: Any, *, warmup: int, n: int) -> Result:
    """Like measure(), but `send` times only its second request (the first sets the stage)."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        send()
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        send()
    # Both requests are captured (the context pauses the per-request reset); they mirror each
    # other (set / unset), so half is one request's count.
    queries = len(captured.captured_queries) // 2
    walls, cpus, status = [], [], 0
    for _ in range(n):
        status = send().status_code
        walls.append(send.elapsed)
        cpus.append(send.cpu)
    return Result(name, url, *_summary(walls, cpus), queries, status)


# --- Reporting ------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    from django import get_version
    from django.db import connection

    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            db_version = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
        else:
            cursor.execute("select sqlite_version()")
            db_version = f"SQLite {cursor.fetchone()[0]}"
    return {
        "cpu": f"{os.cpu_count()} cores, {cpu}",
        "memory": mem,
        "python": platform.python_version(),
        "django": get_version(),
        "database": db_version,
        "os": platform.platform(terse=True),
        "load": " / ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


def markdown(
    db: str,
    results: list[Result],
    facts: dict[str, Any],
    seed: dict[str, Any],
    host: dict[str, str],
    n: int,
    warmup: int,
) -> str:
    ceiling, ceiling_min = results[0].median_ms, results[0].min_ms
    date = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    commit = os.environ.get("COCITY_BENCH_COMMIT", "")  # set when benchmarking an exported tree
    try:
        git = ["git", "rev-parse", "--short", "HEAD"]
        done = subprocess.run(git, cwd=ROOT, capture_output=True, text=True, check=True)
        commit = commit or done.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = commit or "unknown"
    lines = [
        f"Measured {date} at commit `{commit}` — {host['cpu']}, {host['memory']}, "
        f"{host['database']}, Python {host['python']}, Django {host['django']}.",
        "",
        f"Data: {facts['ideas']:,} ideas ({facts['phase_ideas']:,} in the measured phase), "
        f"{facts['reactions']:,} reactions; busy idea #{facts['busy_idea']} has "
        f"{facts['busy_idea_comments']} comments and {facts['busy_idea_reactions']} reactions.",
    ]
    if seed.get("seconds"):
        lines.append(f"Seeding `--size city` took **{seed['seconds']} s**.")
    lines += [
        f"{warmup} warm-up requests, then {n} timed requests per page (anonymous unless stated). "
        f"Load average at the end (1/5/15 min): {host['load']}.",
        "",
        "| Page | Median ms | p95 ms | Min ms | CPU ms | x ceiling (median) | x ceiling (min) "
        "| Queries |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        ratio = r.median_ms / ceiling if ceiling else 0
        ratio_min = r.min_ms / ceiling_min if ceiling_min else 0
        flag = "" if r.status in (200, 302) else f" (HTTP {r.status})"
        lines.append(
            f"| {r.name}{flag} | {r.median_ms} | {r.p95_ms} | {r.min_ms} | {r.cpu_ms} "
            f"| {ratio:.1f} | {ratio_min:.1f} | {r.queries} |"
        )
    return "\n".join(lines) + "\n"


def write_doc(db: str, section: str) -> None:
    DOC.parent.mkdir(parents=True, exist_ok=True)
    start, end = f"<!-- bench:{db}:start -->", f"<!-- bench:{db}:end -->"
    text = DOC.read_text() if DOC.exists() else ""
    block = f"{start}\n{section}{end}"
    if start in text and end in text:
        pattern = re.escape(start) + r".*?" + re.escape(end)
        text = re.sub(pattern, lambda _m: block, text, flags=re.S)
    else:
        text += f"\n## Results: {db}\n\n{block}\n"
    DOC.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--reuse", action="store_true", help="Reuse a seeded benchmark database.")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--no-doc", action="store_true", help="Do not update docs/performance.md.")
    args = parser.parse_args()

    configure(args.db, args.pg_url)
    seed = prepare_database(args.db, args.pg_url, args.reuse)

    from django.conf import settings
    from django.urls import clear_url_caches, include, path

    urlpatterns[:] = [path("__bench/ceiling/", ceiling), path("", include("cocity.urls"))]
    settings.ROOT_URLCONF = __name__
    clear_url_caches()

    print(f"Measuring ({args.db})…")
    results, facts = run_benchmarks(warmup=args.warmup, n=args.requests)
    host = machine()
    section = markdown(args.db, results, facts, seed, host, args.requests, args.warmup)
    print()
    print(section)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    (RESULTS_DIR / f"pages-{args.db}-{stamp}.json").write_text(
        json.dumps(
            {
                "db": args.db,
                "machine": host,
                "facts": facts,
                "seed": seed,
                "results": [asdict(r) for r in results],
            },
            indent=2,
        )
    )
    if not args.no_doc:
        write_doc(args.db, section)
        print(f"Updated {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
