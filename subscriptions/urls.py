from django.urls import path

from . import views

app_name = "subscriptions"

urlpatterns = [
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/done/", views.subscribe_done, name="subscribe_done"),
    path("subscriptions/<slug:token>/", views.manage, name="manage"),
    path("subscriptions/<slug:token>/confirm/", views.confirm, name="confirm"),
    path("subscriptions/<slug:token>/unsubscribe/", views.unsubscribe, name="unsubscribe"),
]
