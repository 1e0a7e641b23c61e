from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from cocity.accounts import views as accounts_views
from cocity.core import views as core_views

urlpatterns = [
    path("", include("cocity.projects.urls")),
    path("", include("cocity.ideas.urls")),
    path("", include("cocity.voting.urls")),
    path("", include("cocity.events.urls")),
    path("", include("cocity.notifications.urls")),
    path("", include("cocity.progress.urls")),
    path("me/", include("cocity.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("staff/", include("cocity.backoffice.urls")),
    path("moderation/", include("cocity.moderation.urls")),
    # Before Django's own: the switcher also saves a signed-in person's choice.
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("geo/", include("cocity.core.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("django-admin/", admin.site.urls),
]

if settings.COCITY_SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
