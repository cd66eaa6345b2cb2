from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

admin.site.site_header = "Quản trị hệ thống báo cáo CCHC"
admin.site.site_title = "Báo cáo CCHC"
admin.site.index_title = "Quản trị"

urlpatterns = [
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("quan-tri/", admin.site.urls),
    path("", include("reports.urls")),
]
