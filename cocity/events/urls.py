from __future__ import annotations

from django.urls import path

from cocity.events import views

app_name = "events"
urlpatterns = [
    path("events/", views.event_list, name="list"),
    path("events/<int:pk>/", views.event_detail, name="detail"),
    path("events/<int:pk>/register/", views.event_register, name="register"),
    path("events/<int:pk>/cancel/", views.event_cancel, name="cancel"),
    path("events/<int:pk>/calendar.ics", views.event_ics, name="ics"),
    path("events/my-calendar/", views.my_calendar, name="my-calendar"),
    path("events/feed/<str:token>.ics", views.calendar_feed, name="feed"),
    path("staff/events/", views.staff_events, name="staff-list"),
    path("staff/events/new/", views.event_create, name="create-citywide"),
    path("staff/projects/<slug:slug>/events/new/", views.event_create, name="create"),
    path("staff/events/<int:pk>/", views.staff_event_detail, name="staff-detail"),
    path("staff/events/<int:pk>/edit/", views.event_edit, name="edit"),
    path("staff/events/<int:pk>/check-in/", views.check_in, name="check-in"),
    path("staff/events/<int:pk>/report/", views.report_edit, name="report"),
    path(
        "staff/projects/<slug:slug>/phases/<int:phase_pk>/offline-idea/",
        views.offline_idea,
        name="offline-idea",
    ),
    path("staff/ideas/<int:pk>/offline-comment/", views.offline_comment, name="offline-comment"),
    path(
        "staff/projects/<slug:slug>/print/<str:kind>/",
        views.printable,
        name="print",
    ),
    path("staff/projects/<slug:slug>/kiosk/", views.kiosk_start, name="kiosk-start"),
    path("kiosk/", views.kiosk, name="kiosk"),
    path("kiosk/leave/", views.kiosk_leave, name="kiosk-leave"),
]
