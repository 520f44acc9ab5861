from django.urls import path

from . import views

app_name = "workinggroups"

urlpatterns = [
    path("working-groups/", views.WorkingGroupListView.as_view(), name="list"),
    path("working-groups/<slug:slug>/", views.WorkingGroupDetailView.as_view(), name="detail"),
    path("members/", views.MemberListView.as_view(), name="members"),
]
