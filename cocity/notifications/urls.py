from __future__ import annotations

from django.urls import path

from cocity.notifications import views

app_name = "notifications"
urlpatterns = [
    path("me/notifications/", views.inbox, name="inbox"),
    path("me/notifications/<int:pk>/read/", views.mark_read, name="read"),
    path("me/notifications/read-all/", views.mark_all_read, name="read-all"),
    path("me/notifications/preferences/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("projects/<slug:slug>/news/", views.project_news, name="project-news"),
    path("staff/projects/<slug:slug>/news/new/", views.update_create, name="update-create"),
    path("staff/projects/<slug:slug>/ideas/bulk-answer/", views.bulk_answer, name="bulk-answer"),
    path("staff/newsletters/", views.newsletter_list, name="newsletters"),
    path("staff/newsletters/new/", views.newsletter_edit, name="newsletter-create"),
    path("staff/newsletters/<int:pk>/", views.newsletter_detail, name="newsletter"),
    path("staff/newsletters/<int:pk>/edit/", views.newsletter_edit, name="newsletter-edit"),
    path("staff/emails/", views.sent_emails, name="sent-emails"),
]
