from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.DocumentListView.as_view(), name="list"),
    path("feed/", views.LatestDocumentsFeed(), name="feed"),
    path("<slug:slug>/", views.DocumentDetailView.as_view(), name="detail"),
    path("<slug:slug>/download/", views.download, name="download"),
]
