"""The application's URLs plus a view that fails, for the tests of the 500 page."""

from django.urls import path

from cchc.urls import handler400, handler403, handler404, handler500  # noqa: F401
from cchc.urls import urlpatterns as application


def boom(request):
    raise RuntimeError("lỗi thử nghiệm của bộ kiểm thử")


urlpatterns = [path("loi-thu/", boom), *application]
