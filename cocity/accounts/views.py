"""The resident's own pages under /me/: profile, demographics, deleting the account."""

from __future__ import annotations

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import i18n as i18n_views
from django.views.decorators.http import require_http_methods, require_POST

from cocity.accounts import selectors, services
from cocity.accounts.adapter import activate_language
from cocity.accounts.forms import AccountDeleteForm, DemographicsForm, ProfileForm


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                services.user_update_profile(user=user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                response = redirect("accounts:profile")
                if user.preferred_language:
                    activate_language(request, response, user.preferred_language)
                messages.success(request, _("Your profile is saved."))
                return response
        # A refused change must not show on the page as if it were saved.
        user.refresh_from_db(fields=["display_name", "preferred_language"])
    else:
        form = ProfileForm(
            initial={
                "display_name": user.display_name,
                "preferred_language": user.preferred_language,
            }
        )
    context = {
        "form": form,
        "ideas": selectors.paginate(selectors.user_ideas(user=user), request.GET.get("ideas")),
        "comments": selectors.paginate(
            selectors.user_comments(user=user), request.GET.get("comments")
        ),
        "demographics": selectors.demographics_for_user(user=user),
    }
    status = 400 if form.errors else 200
    return render(request, "accounts/profile.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def demographics(request: HttpRequest) -> HttpResponse:
    current = selectors.demographics_for_user(user=request.user)
    if request.method == "POST":
        form = DemographicsForm(request.POST)
        if form.is_valid():
            try:
                services.demographics_save(user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Thank you. Your answers are saved."))
                return redirect("accounts:demographics")
    elif current is not None:
        form = DemographicsForm(
            initial={
                "year_of_birth": current.year_of_birth,
                "gender": current.gender,
                "area": current.area,
            }
        )
    else:
        form = DemographicsForm()
    status = 400 if form.errors else 200
    return render(
        request,
        "accounts/demographics.html",
        {"form": form, "demographics": current},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def demographics_delete(request: HttpRequest) -> HttpResponse:
    current = selectors.demographics_for_user(user=request.user)
    if request.method == "POST":
        if services.demographics_delete(user=request.user):
            messages.success(request, _("Your answers are deleted. We keep nothing of them."))
        else:
            messages.info(request, _("There were no answers to delete."))
        return redirect("accounts:demographics")
    if current is None:
        return redirect("accounts:demographics")
    return render(request, "accounts/demographics_delete.html", {"demographics": current})


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = AccountDeleteForm(request.POST, user=user)
        # Password guesses from a signed-in session are limited like allauth's reauthentication.
        if not ratelimit.consume(request, action="reauthenticate", user=user):
            form.is_valid()
            form.add_error(None, _("Too many attempts. Please wait a minute and try again."))
        elif form.is_valid():
            services.user_delete(user=user)
            logout(request)
            messages.success(
                request,
                _("Your account is deleted. What you posted stays, without your name."),
            )
            return redirect("projects:home")
    else:
        form = AccountDeleteForm(user=user)
    status = 400 if form.errors else 200
    return render(request, "accounts/account_delete.html", {"form": form}, status=status)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Shown when a form's security token is missing or expired (settings.CSRF_FAILURE_VIEW)."""
    return render(request, "403_csrf.html", {"reason": reason}, status=403)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switcher, which also remembers the choice on the person's account."""
    response = i18n_views.set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.user_set_language(user=request.user, language=language)
    return response
