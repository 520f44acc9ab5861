from django.urls import path

from . import views

app_name = "registrations"

urlpatterns = [
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/calendar.ics", views.events_ics, name="events_calendar"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
    path("events/<slug:slug>/register/", views.register, name="register"),
    path("events/<slug:slug>/register/done/", views.registration_done, name="registration_done"),
    path("events/<slug:slug>/calendar.ics", views.event_ics, name="event_calendar"),
    path("registrations/<slug:token>/", views.registration_detail, name="registration_detail"),
    path(
        "registrations/<slug:token>/cancel/", views.registration_cancel, name="registration_cancel"
    ),
    path("accounts/registrations/", views.my_registrations, name="my_registrations"),
]
