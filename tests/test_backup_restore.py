"""A backup is only as good as its restore: dump the database the way the README says
(`pg_dump --format=custom`), restore it into a fresh database with `pg_restore`, and find every
report, value, explanation and audit row there again, byte for byte."""

import os
import shutil
import subprocess
import uuid

import psycopg2
import pytest
from django.apps import apps
from django.db import connection

from reports.content import report_content
from reports.models import (
    FIGURE_MODELS,
    AuditEntry,
    Report,
    ReportSnapshot,
    WarningExplanation,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _pg_env(settings_dict) -> dict:
    env = {**os.environ, "PGHOST": settings_dict["HOST"] or "127.0.0.1"}
    env["PGPORT"] = str(settings_dict["PORT"] or 5432)
    env["PGUSER"] = settings_dict["USER"] or "postgres"
    if settings_dict["PASSWORD"]:
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def _rows(conn, table, pk):
    with conn.cursor() as cursor:
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY "{pk}"')  # noqa: S608 - model tables
        return cursor.fetchall()


@pytest.fixture
def restored_db():
    """A fresh database name, dropped afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump/pg_restore: needs DATABASE_URL=postgres://…")
    if not shutil.which("pg_dump") or not shutil.which("pg_restore"):
        pytest.skip("pg_dump/pg_restore are not installed")
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    env = _pg_env(connection.settings_dict)
    subprocess.run(
        ["createdb", "--encoding=UTF8", "--template=template0", name], env=env, check=True
    )
    yield name
    subprocess.run(["dropdb", "--if-exists", name], env=env, check=True)


def test_dump_and_restore_keeps_every_row(
    demo, staff, seed_report, draft_report, tmp_path, restored_db
):
    # Content beyond the demo data: an explanation, audit rows, a snapshot, Vietnamese text with
    # quotes and line breaks, a value changed in the draft.
    procedures = draft_report.procedurefigures
    procedures.resolved_total = 1234
    procedures.notes = {"resolved_total": 'Gồm 23 hồ sơ "chuyển sang"\ntừ kỳ trước'}
    procedures.save()
    WarningExplanation.objects.create(
        report=draft_report,
        rule_code="b3.online_share",
        text="Người dân cao tuổi nộp trực tiếp; xã đã hỗ trợ 12 lượt.",
        author=staff,
    )
    for field, old, new in [("resolved_total", "", "1234"), ("resolved_on_time", "5612", "5.611")]:
        AuditEntry.objects.create(
            report=draft_report,
            user=staff,
            action=AuditEntry.Action.VALUE,
            section="b3",
            field=field,
            old_value=old,
            new_value=new,
        )
    snapshot = ReportSnapshot.objects.create(
        report=seed_report,
        reason=ReportSnapshot.Reason.APPROVED,
        data=report_content(seed_report).to_json(),
        created_by=staff,
    )

    source = connection.settings_dict
    env = _pg_env(source)
    dump = tmp_path / "cchc.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", f"--file={dump}", source["NAME"]], env=env, check=True
    )
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored_db}", str(dump)],
        env=env,
        check=True,
    )

    params = {key.lower(): env[f"PG{key}"] for key in ("HOST", "PORT", "USER")}
    params["password"] = source["PASSWORD"] or None
    # Plain connections on both sides (Django's own decodes JSON columns differently).
    original = psycopg2.connect(dbname=source["NAME"], **params)
    restored = psycopg2.connect(dbname=restored_db, **params)
    try:
        # Every table of the application, row by row, equal to the source.
        models = [m for m in apps.get_models() if m._meta.app_label in {"reports", "auth", "axes"}]
        for model in models:
            table, pk = model._meta.db_table, model._meta.pk.column
            source_rows = _rows(original, table, pk)
            assert _rows(restored, table, pk) == source_rows, table

        # And the things a person would look for, spelled out.
        with restored.cursor() as cursor:
            cursor.execute(f'SELECT COUNT(*) FROM "{Report._meta.db_table}"')
            assert cursor.fetchone()[0] == Report.objects.count() == 2
            b3 = FIGURE_MODELS["b3"]._meta.db_table
            cursor.execute(
                f'SELECT resolved_total, resolved_on_time, notes FROM "{b3}" WHERE report_id = %s',
                [seed_report.pk],
            )
            resolved, online, _ = cursor.fetchone()
            assert (resolved, online) == (5650, 5612)
            cursor.execute(
                f'SELECT resolved_total, notes FROM "{b3}" WHERE report_id = %s', [draft_report.pk]
            )
            assert cursor.fetchone() == (
                1234,
                {"resolved_total": 'Gồm 23 hồ sơ "chuyển sang"\ntừ kỳ trước'},
            )
            cursor.execute(
                f'SELECT text FROM "{WarningExplanation._meta.db_table}" WHERE report_id = %s',
                [draft_report.pk],
            )
            assert cursor.fetchall() == [
                ("Người dân cao tuổi nộp trực tiếp; xã đã hỗ trợ 12 lượt.",)
            ]
            cursor.execute(
                f'SELECT field, new_value FROM "{AuditEntry._meta.db_table}" '
                "WHERE action = 'value' ORDER BY id"
            )
            assert cursor.fetchall() == [("resolved_total", "1234"), ("resolved_on_time", "5.611")]
            cursor.execute(
                f'SELECT data FROM "{ReportSnapshot._meta.db_table}" WHERE id = %s', [snapshot.pk]
            )
            restored_snapshot = cursor.fetchone()[0]
            assert restored_snapshot == ReportSnapshot.objects.get(pk=snapshot.pk).data
            assert restored_snapshot["values"]["b3.resolved_total"] == 5650
    finally:
        original.close()
        restored.close()
