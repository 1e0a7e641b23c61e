"""Fan-out of one project update to 50,000 followers: time to enqueue, then to deliver.

    .venv/bin/python benchmarks/bench_fanout.py [--followers 50000] [--backend db|rq|both]
                                                [--db sqlite|postgres] [--no-doc]

Builds a dedicated database (var/bench/fanout.sqlite3, or the PostgreSQL database
`cocity_bench_fanout`) with one project and N followers who chose "email at once" for project
news (the worst case: the default is the weekly digest). Then, for each tasks backend:

1. *post*: the staff member posts the update (the request's work: one row, one task queued);
2. *fan-out*: a worker runs the fan-out task: N notifications and N delivery rows;
3. *deliver*: workers send the N emails (Django's file email backend, into var/bench/mail —
   rendering, MIME serialisation and a disk write per email; no SMTP round trip).

The database backend runs `db_worker --batch` in this process; RQ runs an rq SimpleWorker in
burst mode on the local Redis (127.0.0.1:6379, database 14, emptied first). Appends a section to
docs/performance.md (between its fan-out markers) and raw numbers to benchmarks/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench-fanout"  # its own: bench_pages.py resets var/bench
RESULTS_DIR = ROOT / "benchmarks" / "results"
DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench_fanout:begin -->", "<!-- bench_fanout:end -->"


def configure(db: str) -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if db == "postgres":
        os.environ["COCITY_DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/cocity_bench_fanout"
    else:
        path = BENCH_DIR / "fanout.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["COCITY_DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["COCITY_EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
    os.environ["COCITY_EMAIL_FILE_PATH"] = str(BENCH_DIR / "mail")
    os.environ["COCITY_EMAIL_BATCH_SIZE"] = "1000"
    os.environ["COCITY_REDIS_URL"] = "redis://127.0.0.1:6379/14"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocity.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def reset_database(db: str) -> None:
    from django.core.management import call_command
    from django.db import connection

    if db == "postgres":
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            c.execute("DROP DATABASE IF EXISTS cocity_bench_fanout")
            c.execute("CREATE DATABASE cocity_bench_fanout")
    connection.close()
    call_command("migrate", verbosity=0)


def seed(followers: int) -> tuple[object, object]:
    from cocity.accounts.models import Role, User
    from cocity.notifications.models import NotificationPreference
    from cocity.projects.models import Project, ProjectFollow

    staff = User.objects.create_user("staff@bench.test", role=Role.ADMINISTRATOR)
    project = Project.objects.create(slug="bench", title={"en": "Bench"}, visibility="published")
    users = User.objects.bulk_create(
        [
            User(email=f"r{i}@bench.test", display_name=f"R{i}", password="!")
            for i in range(followers)
        ],
        batch_size=5000,
    )
    ProjectFollow.objects.bulk_create(
        [ProjectFollow(project=project, user=u) for u in users], batch_size=5000
    )
    NotificationPreference.objects.bulk_create(
        [
            NotificationPreference(user=u, kind="project_update", frequency="immediate")
            for u in users
        ],
        batch_size=5000,
    )
    return staff, project


def run(backend: str, staff: object, project: object, followers: int) -> dict[str, float]:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction
    from django.test.utils import override_settings

    from cocity.notifications.models import Delivery, Notification
    from cocity.notifications.services import project_update_post

    Notification.objects.all().delete()
    shutil.rmtree(BENCH_DIR / "mail", ignore_errors=True)
    dotted = settings.TASK_BACKENDS[backend]
    with override_settings(TASKS={"default": {"BACKEND": dotted}}):
        queue = None
        if backend == "rq":
            import django_rq

            queue = django_rq.get_queue("default")
            queue.empty()
        started = time.perf_counter()
        with transaction.atomic():
            project_update_post(project=project, user=staff, title={"en": "Works start"},
                                body={"en": "The square closes on **Monday**."})  # fmt: skip
        posted = time.perf_counter()

        def work(one: bool = False) -> None:
            if backend == "rq":
                from django_tasks_rq.backend import Job
                from rq import SimpleWorker

                worker = SimpleWorker([queue], connection=queue.connection, job_class=Job)
                worker.work(burst=True, max_jobs=1 if one else None, logging_level="WARNING")
            else:
                extra = ["--max-tasks", "1"] if one else []
                call_command("db_worker", "--batch", "--no-startup-delay", *extra, verbosity=0)

        # The first task is the fan-out (it queues the delivery task); then the deliveries.
        work(one=True)
        assert Notification.objects.count() == followers
        fanned = time.perf_counter()
        while Delivery.objects.filter(status="sent").count() < followers:
            work()
        delivered = time.perf_counter()
    sent_files = sum(p.read_text().count("Message-ID:") for p in (BENCH_DIR / "mail").iterdir())
    assert sent_files == followers, sent_files
    return {
        "post_s": round(posted - started, 3),
        "fan_out_s": round(fanned - posted, 2),
        "deliver_s": round(delivered - fanned, 2),
        "total_s": round(delivered - started, 2),
        "emails_per_s": round(followers / (delivered - fanned)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--followers", type=int, default=50_000)
    parser.add_argument("--backend", choices=["db", "rq", "both"], default="both")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--no-doc", action="store_true")
    args = parser.parse_args()
    configure(args.db)
    reset_database(args.db)
    staff, project = seed(args.followers)
    backends = ["db", "rq"] if args.backend == "both" else [args.backend]
    results = {b: run(b, staff, project, args.followers) for b in backends}
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    info = {"db": args.db, "followers": args.followers, "cpus": os.cpu_count(),
            "python": platform.python_version(), "results": results}  # fmt: skip
    (RESULTS_DIR / f"fanout-{args.db}-{stamp}.json").write_text(json.dumps(info, indent=2))
    rows = [
        f"| {b} | {r['post_s']} s | {r['fan_out_s']} s | {r['deliver_s']} s | {r['total_s']} s "
        f"| {r['emails_per_s']} |"
        for b, r in results.items()
    ]
    table = "\n".join(
        [
            f"{args.followers:,} followers, {args.db}, {os.cpu_count()} CPUs, one worker:",
            "",
            "| tasks backend | post (request) | fan-out | deliver | total | emails/s |",
            "|---|---|---|---|---|---|",
            *rows,
        ]
    )
    print(table)
    if not args.no_doc:
        write_doc(args.db, table)


def write_doc(db: str, table: str) -> None:
    text = DOC.read_text() if DOC.exists() else "# Performance\n"
    marker_begin, marker_end = f"{BEGIN[:-4]}:{db} -->", f"{END[:-4]}:{db} -->"
    block = f"{marker_begin}\n{table}\n{marker_end}"
    if marker_begin in text:
        text = re.sub(re.escape(marker_begin) + ".*?" + re.escape(marker_end), block, text,
                      flags=re.S)  # fmt: skip
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    DOC.write_text(text)


if __name__ == "__main__":
    main()
