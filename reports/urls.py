"""URLs of the reports app. Each area of the app keeps its own views module."""

from django.urls import path

from reports.views import (
    city,
    city_rollup,
    entry,
    exports,
    files,
    health,
    home,
    imports,
    signed,
    workflow,
)

urlpatterns = [
    path("", home.home, name="home"),
    # Data entry
    path("bao-cao/", entry.report_list, name="report_list"),
    path("bao-cao/tao-moi/", entry.report_new, name="report_new"),
    path("bao-cao/<int:pk>/", entry.report_overview, name="report_overview"),
    path("bao-cao/<int:pk>/bieu/<slug:slug>/", entry.report_section, name="report_section"),
    path("bao-cao/<int:pk>/noi-dung/", entry.report_narrative, name="report_narrative"),
    path("bao-cao/<int:pk>/giai-trinh/", entry.report_explain, name="report_explain"),
    # Workflow and history
    path("bao-cao/<int:pk>/lich-su/", workflow.report_history, name="report_history"),
    path(
        "bao-cao/<int:pk>/ban-luu/<int:snapshot_pk>/",
        workflow.report_version,
        name="report_version",
    ),
    path("bao-cao/<int:pk>/gui-duyet/", workflow.report_submit, name="report_submit"),
    path("bao-cao/<int:pk>/tra-lai/", workflow.report_return, name="report_return"),
    path("bao-cao/<int:pk>/phe-duyet/", workflow.report_approve, name="report_approve"),
    path("bao-cao/<int:pk>/mo-lai/", workflow.report_reopen, name="report_reopen"),
    path("bao-cao/<int:pk>/ban-hanh/", workflow.report_issue, name="report_issue"),
    # The city's view
    path("thanh-pho/", city.city_grid, name="city_grid"),
    path("thanh-pho/bao-cao/<int:pk>/", city.city_report, name="city_report"),
    path("thanh-pho/han-bao-cao/", city.city_deadlines, name="city_deadlines"),
    path("thanh-pho/tong-hop/", city_rollup.city_rollup_page, name="city_rollup"),
    path("thanh-pho/tong-hop/xlsx/", city_rollup.city_rollup_xlsx, name="city_rollup_xlsx"),
    path("thanh-pho/xu-huong/", city_rollup.city_trends, name="city_trends"),
    path("thanh-pho/xu-huong/xa/<int:pk>/", city_rollup.commune_trends, name="commune_trends"),
    # Exports, import, signed document
    path("bao-cao/<int:pk>/xuat/", exports.report_exports, name="report_exports"),
    path("bao-cao/<int:pk>/xuat/word/", exports.report_export_docx, name="report_export_docx"),
    path("bao-cao/<int:pk>/xuat/excel/", exports.report_export_xlsx, name="report_export_xlsx"),
    path("bao-cao/<int:pk>/xuat/pdf/", exports.report_export_pdf, name="report_export_pdf"),
    path("bao-cao/<int:pk>/xuat/tron-bo/", exports.report_export_zip, name="report_export_zip"),
    path("bao-cao/<int:pk>/nhap-excel/", imports.report_import, name="report_import"),
    path(
        "bao-cao/<int:pk>/nhap-excel/xem-truoc/",
        imports.report_import_preview,
        name="report_import_preview",
    ),
    path(
        "bao-cao/<int:pk>/nhap-excel/xac-nhan/",
        imports.report_import_confirm,
        name="report_import_confirm",
    ),
    path(
        "bao-cao/<int:pk>/nhap-excel/huy/",
        imports.report_import_cancel,
        name="report_import_cancel",
    ),
    path(
        "bao-cao/<int:pk>/van-ban-da-ky/", signed.report_signed_upload, name="report_signed_upload"
    ),
    path(
        "bao-cao/<int:pk>/van-ban-da-ky/<int:document_pk>/",
        signed.signed_document_download,
        name="signed_document_download",
    ),
    # Files prepared by tasks (PDF, ZIP, the city workbook)
    path("tep/<uuid:file_id>/", files.prepared_file, name="prepared_file"),
    path("tep/<uuid:file_id>/trang-thai/", files.prepared_file_status, name="prepared_file_status"),
    # For the load balancer: no login, no details.
    path("healthz", health.healthz, name="healthz"),
]
