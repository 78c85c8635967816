from django.contrib.auth import views as auth_views
from django.urls import path

from aspiration.web import match, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("explore/", views.search_page, name="search"),
    path("explore/export.<str:fmt>", views.export, name="export"),
    path("explore/match/", match.match_page, name="match"),
    path("recommendation/<int:pk>/", views.recommendation, name="recommendation"),
    path("country/<str:iso3>/", views.country, name="country"),
    path("language/", views.switch_language, name="switch_language"),
]
