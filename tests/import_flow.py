"""The Excel import as a user goes through it, for the import tests: edit an exported file with
openpyxl, upload it, then confirm or cancel by submitting the preview page's own form."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from benchmarks.formparse import post_forms


def edited(data: bytes, changes: dict) -> bytes:
    """``data`` with {(sheet, cell): value} written by openpyxl, as a clerk's script would
    (openpyxl keeps formulas but drops their cached values)."""
    book = load_workbook(BytesIO(data))
    for (sheet, cell), value in changes.items():
        book[sheet][cell] = value
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def cell_of(data: bytes, sheet: str, stt: str, column: str = "D") -> str:
    """The address of the ``column`` cell of the row whose STT is ``stt``: "D12"."""
    book = load_workbook(BytesIO(data), read_only=True)
    for row in book[sheet].iter_rows(max_col=1):
        if row[0].value == stt:
            return f"{column}{row[0].row}"
    raise KeyError(stt)


def upload(client, report, data: bytes, name: str = "phu-luc.xlsx"):
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(reverse("report_import", args=[report.pk]), {"file": file})


def preview_form(client, report):
    """The preview page and the data its confirm form would send, as rendered."""
    page = client.get(reverse("report_import_preview", args=[report.pk]))
    assert page.status_code == 200
    form = next(
        f
        for f in post_forms(page.content.decode())
        if f.action == reverse("report_import_confirm", args=[report.pk])
    )
    return page, dict(form.data())


def confirm(client, report, *, tick: bool = False):
    _, data = preview_form(client, report)
    if tick:
        data["accept_mismatch"] = "on"
    return client.post(reverse("report_import_confirm", args=[report.pk]), data)


def cancel(client, report):
    page, data = preview_form(client, report)
    url = reverse("report_import_cancel", args=[report.pk])
    assert f'formaction="{url}"' in page.content.decode()
    return client.post(url, data)
