"""URLs of the reports app. Each area of the app keeps its own views module."""

from django.urls import path

from reports.views import home

urlpatterns = [
    path("", home.home, name="home"),
]
