from django.urls import path

from . import check_in_views, coordinator_views, join_views, message_views, views

app_name = "registrations"

urlpatterns = [
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/calendar.ics", views.events_ics, name="events_calendar"),
    path("working-groups/<slug:slug>/calendar.ics", views.group_ics, name="group_calendar"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
    path("events/<slug:slug>/register/", views.register, name="register"),
    path("events/<slug:slug>/register/done/", views.registration_done, name="registration_done"),
    path("events/<slug:slug>/calendar.ics", views.event_ics, name="event_calendar"),
    path("events/<slug:slug>/registrants.csv", coordinator_views.export_csv, name="export_csv"),
    path("events/<slug:slug>/registrants.xlsx", coordinator_views.export_xlsx, name="export_xlsx"),
    path("events/<slug:slug>/summary/", coordinator_views.event_summary, name="event_summary"),
    path("events/<slug:slug>/messages/", message_views.message_list, name="message_list"),
    path("events/<slug:slug>/messages/new/", message_views.message_new, name="message_new"),
    path("exports/<uuid:pk>/", coordinator_views.export_detail, name="export_detail"),
    path("exports/<uuid:pk>/download/", coordinator_views.export_download, name="export_download"),
    path("registrations/<slug:token>/", views.registration_detail, name="registration_detail"),
    path(
        "registrations/<slug:token>/cancel/", views.registration_cancel, name="registration_cancel"
    ),
    path("registrations/<slug:token>/edit/", views.registration_edit, name="registration_edit"),
    path("join/<slug:code>/", join_views.join, name="join"),
    path("check-in/<slug:code>/", check_in_views.check_in, name="check_in"),
    path("events/<slug:slug>/check-in/", check_in_views.desk, name="check_in_desk"),
    path("accounts/registrations/", views.my_registrations, name="my_registrations"),
]
