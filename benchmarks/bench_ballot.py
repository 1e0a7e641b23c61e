"""Server time of casting a ballot with a million ballots already stored.

    .venv/bin/python benchmarks/bench_ballot.py --db postgres|sqlite [--ballots 1000000]
                                                [--casts 60] [--reuse]

Seeds, into a dedicated database (PostgreSQL `cocity_bench_ballot`, or
var/bench/cocity_bench_ballot.sqlite3), one open budgeting phase with 30 items and `--ballots`
counted ballots of three items each (bulk SQL: generate_series / a recursive CTE), then times
residents casting their ballot: each has a basket of three items ready (not timed) and POSTs
"Cast my vote" through Django's test Client (the whole middleware stack, no network), which
locks the basket, checks the limits, writes the ballot, its choices, the counters and the
audit-trail row, and redirects. Reports the median and 95th percentile of the request and of
the service call alone, with the number of SQL queries per cast. Target: median < 30 ms.
Then times the phase's results with every stored ballot (greedy and MES): cold, when the
ballots are read and the rule runs, and from the cache that serves every later visitor until a
ballot changes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/cocity_bench_ballot"
ITEMS = 30


def configure(db: str, pg_url: str) -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    os.environ["COCITY_DATA_DIR"] = str(BENCH_DIR)
    os.environ["COCITY_DEBUG"] = "0"
    os.environ["COCITY_RATE_LIMITS"] = "0"
    os.environ["COCITY_DATABASE_URL"] = (
        f"sqlite:///{BENCH_DIR / 'cocity_bench_ballot.sqlite3'}" if db == "sqlite" else pg_url
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "cocity.settings"
    sys.path.insert(0, str(ROOT))


def ensure_database(db: str, pg_url: str) -> None:
    if db != "postgres":
        return
    import psycopg

    name = pg_url.rsplit("/", 1)[1]
    admin = pg_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def seed(ballots: int) -> object:
    """The phase, its items and `ballots` stored ballots (bulk SQL, in one transaction)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from cocity.projects.models import Phase, Project, Visibility
    from cocity.voting.models import Ballot, BallotItem, OutcomeRule, VoteKind, VotingSetup
    from cocity.voting.outcomes import recount

    now = timezone.now()
    with transaction.atomic():
        project = Project.objects.create(
            slug="bench-ballot", title={"en": "Bench"}, visibility=Visibility.PUBLISHED
        )
        phase = Phase.objects.create(
            project=project,
            method="budgeting",
            title={"en": "Budget"},
            starts_at=now - timedelta(days=1),
            ends_at=now + timedelta(days=365),
        )
        setup = VotingSetup.objects.create(
            phase=phase, kind=VoteKind.BUDGET, budget=1_000_000, rule=OutcomeRule.GREEDY
        )
        items = BallotItem.objects.bulk_create(
            BallotItem(setup=setup, number=n, title={"en": f"Item {n}"}, cost=10_000 * n)
            for n in range(1, ITEMS + 1)
        )
        first = min(i.pk for i in items)
        ballot_table = Ballot._meta.db_table
        choice_table = "voting_ballotchoice"
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                series = "generate_series(1, %s) AS s(x)"
                cursor.execute(
                    f"INSERT INTO {ballot_table} (setup_id, source, collected_at, total_votes, "
                    f"total_cost, is_void, created_at, updated_at) "
                    f"SELECT %s, 'imported', '', 3, 0, false, now(), now() FROM {series}",
                    [setup.pk, ballots],
                )
                cursor.execute(
                    f"INSERT INTO {choice_table} (ballot_id, item_id, votes) "
                    f"SELECT b.id, %s + ((b.id + k * 7) %% {ITEMS}), 1 "
                    f"FROM {ballot_table} b CROSS JOIN generate_series(0, 2) AS g(k) "
                    f"WHERE b.setup_id = %s",
                    [first, setup.pk],
                )
            else:
                cursor.execute(
                    f"INSERT INTO {ballot_table} (setup_id, source, collected_at, total_votes, "
                    f"total_cost, is_void, created_at, updated_at) "
                    f"WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s "
                    f"WHERE x < %s) SELECT %s, 'imported', '', 3, 0, 0, "
                    f"datetime('now'), datetime('now') FROM s",
                    [ballots, setup.pk],
                )
                cursor.execute(
                    f"INSERT INTO {choice_table} (ballot_id, item_id, votes) "
                    f"SELECT b.id, %s + ((b.id + k.k * 7) % {ITEMS}), 1 FROM {ballot_table} b "
                    f"CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2) k "
                    f"WHERE b.setup_id = %s",
                    [first, setup.pk],
                )
        recount(setup)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return setup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL)
    parser.add_argument("--ballots", type=int, default=1_000_000)
    parser.add_argument("--casts", type=int, default=60)
    parser.add_argument("--reuse", action="store_true", help="keep an already seeded database")
    args = parser.parse_args()
    configure(args.db, args.pg_url)
    ensure_database(args.db, args.pg_url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from cocity.accounts.models import User
    from cocity.voting import services
    from cocity.voting.models import Ballot, VotingSetup

    call_command("migrate", verbosity=0)
    setup = VotingSetup.objects.filter(phase__project__slug="bench-ballot").first()
    if setup is None or not args.reuse:
        if setup is not None:
            setup.phase.project.delete()
        started = time.perf_counter()
        setup = seed(args.ballots)
        print(f"seeded {args.ballots:,} ballots in {time.perf_counter() - started:.0f} s")
    setup = VotingSetup.objects.select_related("phase__project").get(pk=setup.pk)
    stored = Ballot.objects.filter(setup=setup).count()
    items = list(setup.items.order_by("number"))
    phase = setup.phase
    submit = reverse("voting:submit", kwargs={"slug": phase.project.slug, "phase_pk": phase.pk})

    def resident(n: int) -> User:
        email = f"bench-voter-{time.time_ns()}-{n}@example.org"
        return User.objects.create_user(email, "x")

    request_ms: list[float] = []
    service_ms: list[float] = []
    queries: list[int] = []
    cpu_ms: list[float] = []  # this process's CPU: steadier than wall time on a busy machine
    client = Client()
    for n in range(args.casts + 5):
        user = resident(n)
        for item in (items[n % ITEMS], items[(n + 1) % ITEMS], items[(n + 2) % ITEMS]):
            services.basket_set(setup=setup, user=user, item=item, votes=1)
        client.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.post(submit)
            elapsed = (time.perf_counter() - started) * 1000
            cpu = (time.process_time() - cpu_started) * 1000
        assert response.status_code == 302, response.status_code
        if n >= 5:  # warm-up
            request_ms.append(elapsed)
            cpu_ms.append(cpu)
            queries.append(len(captured.captured_queries))
        other = resident(10_000 + n)
        services.basket_set(setup=setup, user=other, item=items[n % ITEMS], votes=1)
        started = time.perf_counter()
        services.ballot_submit(setup=setup, user=other)
        if n >= 5:
            service_ms.append((time.perf_counter() - started) * 1000)

    def p95(values: list[float]) -> float:
        return sorted(values)[int(len(values) * 0.95) - 1]

    print(f"\n| {args.db} | ballots stored | casts | median | p95 | CPU median | queries |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(
        f"| POST “Cast my vote” (request) | {stored:,} | {len(request_ms)} | "
        f"{statistics.median(request_ms):.1f} ms | {p95(request_ms):.1f} ms | "
        f"{statistics.median(cpu_ms):.1f} ms | {statistics.median(queries):.0f} |"
    )
    print(
        f"| `ballot_submit` (service) | {stored:,} | {len(service_ms)} | "
        f"{statistics.median(service_ms):.1f} ms | {p95(service_ms):.1f} ms | n/a | n/a |"
    )

    # the results with every stored ballot: cold (ballots read and the rule run) and from the
    # cache (what every visitor after the first gets until a ballot changes)
    from django.core.cache import cache

    from cocity.voting.models import OutcomeRule
    from cocity.voting.outcomes import result_for

    for rule in (OutcomeRule.GREEDY, OutcomeRule.MES):
        cache.clear()
        started = time.perf_counter()
        result = result_for(setup, rule)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        result_for(setup, rule)
        warm = time.perf_counter() - started
        print(
            f"| results, {rule} ({result.ballots:,} ballots) | cold {cold:.2f} s | "
            f"cached {warm * 1000:.1f} ms |"
        )
    print(f"\nload average: {os.getloadavg()}")


if __name__ == "__main__":
    main()
