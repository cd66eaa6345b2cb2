"""The report's tab bar, the same on every page of one report: Tổng quan, the seven Biểu mẫu
and the section II figures, Nội dung, Xuất Word, Excel (that page also leads to the import and
the signed copy), Lịch sử. Pages name their tab by key: "overview", a catalogue section key,
"narrative", "exports" or "history"."""

from django.urls import reverse

from reports import catalogue


def report_tabs(report, current: str) -> list[dict]:
    """[{key, label, title, url, current}] in the order of the bar."""
    tabs = [_tab("overview", "Tổng quan", "Tổng quan báo cáo", "report_overview", report)]
    for section in catalogue.SECTIONS:
        tabs.append(
            {
                "key": section.key,
                "label": section.heading or "Số liệu phần II",
                "title": section.title,
                "url": reverse("report_section", args=[report.pk, section.slug]),
            }
        )
    tabs += [
        _tab("narrative", "Nội dung", "Nội dung báo cáo", "report_narrative", report),
        _tab("exports", "Xuất Word, Excel", "Xuất, nhập tệp", "report_exports", report),
        _tab("history", "Lịch sử", "Lịch sử thay đổi, các bản đã lưu", "report_history", report),
    ]
    for tab in tabs:
        tab["current"] = tab["key"] == current
    return tabs


def _tab(key, label, title, url_name, report) -> dict:
    return {"key": key, "label": label, "title": title, "url": reverse(url_name, args=[report.pk])}
