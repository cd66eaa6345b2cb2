from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cchc import accounts

admin.site.site_header = "Quản trị hệ thống báo cáo CCHC"
admin.site.site_title = "Báo cáo CCHC"
admin.site.index_title = "Quản trị"

# Vietnamese error pages in the application's layout (cchc/errors.py).
handler400 = "cchc.errors.bad_request"
handler403 = "cchc.errors.permission_denied"
handler404 = "cchc.errors.page_not_found"
handler500 = "cchc.errors.server_error"

urlpatterns = [
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("quan-tri/", admin.site.urls),
    path("", include("reports.urls")),
]
