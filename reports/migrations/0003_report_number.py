"""Document numbers become positive integers, unique per commune and year of issue.

The old numbers were free text: "05", "5", "１" (full-width), "١" (Arabic-Indic) were all
accepted and could name the same number twice. Each is read as the integer it writes (Python's
int() reads every Unicode decimal digit); the earliest issue keeps a number, and a later report
whose number is taken, or whose text is not a number from 1 up, loses it: its history says so
(action "number", the old text kept), so the văn thư can see what to sort out.
"""

from django.db import migrations, models


def numbers_to_integers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Foreign keys are checked at once, so no trigger event is pending when the table is
        # altered below in the same transaction.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    Report = apps.get_model("reports", "Report")
    AuditEntry = apps.get_model("reports", "AuditEntry")
    taken = {}
    reports = Report.objects.exclude(number="").order_by("issued_at", "issued_on", "pk")
    for report in reports:
        text = report.number.strip()
        year = report.issued_on.year if report.issued_on else report.year
        try:
            value = int(text)
        except ValueError:
            value = None
        key = (report.commune_id, year, value)
        if value is not None and value >= 1 and key not in taken:
            taken[key] = report
            report.number_value = value
            report.issued_year = year
            report.save(update_fields=["number_value", "issued_year"])
            continue
        if value is None or value < 1:
            reason = "không phải một số từ 1 trở lên"
        else:
            reason = "trùng số của một báo cáo ban hành trước trong năm {}".format(year)
        AuditEntry.objects.create(
            report=report,
            action="number",
            old_value=report.number,
            new_value="",
            comment="Số văn bản cũ “{}” {}: đã bỏ khi chuyển số văn bản sang dạng số.".format(
                report.number, reason
            ),
        )


def integers_to_numbers(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    for report in Report.objects.exclude(number_value=None):
        report.number = str(report.number_value)
        report.save(update_fields=["number"])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_city_deadlines"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("create", "Tạo báo cáo"),
                    ("value", "Sửa số liệu"),
                    ("text", "Sửa nội dung"),
                    ("explain", "Giải trình cảnh báo"),
                    ("transition", "Chuyển trạng thái"),
                    ("import", "Nhập từ Excel"),
                    ("upload", "Tải lên văn bản đã ký"),
                    ("number", "Số văn bản"),
                ],
                max_length=12,
                verbose_name="hành động",
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="issued_year",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="năm ban hành"
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="number_value",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="số văn bản"),
        ),
        migrations.RunPython(numbers_to_integers, integers_to_numbers),
        migrations.RemoveField(model_name="report", name="number"),
        migrations.RenameField(model_name="report", old_name="number_value", new_name="number"),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                fields=("commune", "issued_year", "number"), name="report_unique_number_per_year"
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("number__isnull", True),
                    models.Q(("issued_year__isnull", False), ("number__gte", 1)),
                    _connector="OR",
                ),
                name="report_number_from_one_with_year",
            ),
        ),
    ]
