from django.contrib.auth import views as auth_views
from django.urls import path

from aspiration.web import match, saved_searches, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("explore/", views.search_page, name="search"),
    path("explore/export.<str:fmt>", views.export, name="export"),
    path("explore/match/", match.match_page, name="match"),
    path("explore/saved/", saved_searches.saved_searches, name="saved_searches"),
    path("explore/saved/new/", saved_searches.save, name="saved_search_new"),
    path("explore/saved/<int:pk>/", saved_searches.update, name="saved_search_update"),
    path("explore/saved/<int:pk>/delete/", saved_searches.delete, name="saved_search_delete"),
    path("explore/saved/<int:pk>/send/", saved_searches.send_now, name="saved_search_send"),
    path("recommendation/<int:pk>/", views.recommendation, name="recommendation"),
    path("country/<str:iso3>/", views.country, name="country"),
    path("language/", views.switch_language, name="switch_language"),
]
