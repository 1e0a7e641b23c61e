from __future__ import annotations

from django.urls import path

from cocity.moderation import views

app_name = "moderation"
urlpatterns = [
    path("policy/", views.policy, name="policy"),
    path("report/<str:kind>/<int:pk>/", views.report, name="report"),
    path("mine/", views.mine, name="mine"),
    path("appeal/<str:kind>/<int:pk>/", views.appeal, name="appeal"),
    path("queue/", views.queue, name="queue"),
    path("queue/bulk/", views.bulk, name="bulk"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/decide/", views.case_decide, name="decide"),
    path("cases/<int:pk>/correct/", views.case_correct, name="correct"),
    path("people/<int:pk>/sanction/", views.user_sanction, name="sanction"),
    path("people/<int:pk>/remove/", views.user_purge, name="purge"),
    path("statistics/", views.stats, name="stats"),
    path("projects/<slug:slug>/premoderation/", views.premoderation, name="premoderation"),
    path("rules/", views.rules, name="rules"),
    path("rules/new/", views.rule_edit, name="rule-create"),
    path("rules/<int:pk>/", views.rule_edit, name="rule-edit"),
    path("words/", views.terms, name="terms"),
    path("audit/", views.audit, name="audit"),
    path("audit.csv", views.audit_csv, name="audit-csv"),
]
