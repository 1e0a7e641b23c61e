from __future__ import annotations

from django.urls import path

from cocity.voting import staff_views, views

app_name = "voting"
phase = "projects/<slug:slug>/phases/<int:phase_pk>/"
staff = "staff/projects/<slug:slug>/phases/<int:phase_pk>/vote/"
urlpatterns = [
    path(phase + "basket/", views.basket_update, name="basket"),
    path(phase + "ballot/", views.ballot_submit, name="submit"),
    path(phase + "results/", views.results, name="results"),
    path(phase + "ballot-sheet/", views.ballot_sheet, name="sheet"),
    path(staff, staff_views.setup_edit, name="setup"),
    path(staff + "items/", staff_views.item_list, name="items"),
    path(staff + "items/from-ideas/", staff_views.items_from_ideas, name="items-from-ideas"),
    path(staff + "items/<int:pk>/", staff_views.item_edit, name="item-edit"),
    path(staff + "items/<int:pk>/delete/", staff_views.item_delete, name="item-delete"),
    path(staff + "paper/", staff_views.paper_ballots, name="paper"),
    path(staff + "paper/<int:pk>/", staff_views.paper_ballot_edit, name="paper-edit"),
    path(staff + "files/", staff_views.files, name="files"),
    path(staff + "files/ballots.pb", staff_views.export_pb, name="export-pb"),
    path(staff + "files/ballots.csv", staff_views.export_csv, name="export-csv"),
    path(staff + "results/", staff_views.compare, name="compare"),
    path(staff + "results/publish/", staff_views.publish, name="publish"),
]
