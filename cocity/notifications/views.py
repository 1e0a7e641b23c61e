"""Pages: the inbox (bell), preferences, one-click unsubscribe, project news; for staff,
posting news, newsletters, bulk answers and the log of sent emails. All work without JS."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cocity.backoffice.access import get_project_for_staff, require, require_backoffice
from cocity.backoffice.forms import add_service_error
from cocity.ideas.models import Idea
from cocity.notifications import selectors, services
from cocity.notifications.forms import (
    BulkAnswerForm,
    NewsletterForm,
    PreferencesForm,
    ProjectUpdateForm,
)
from cocity.notifications.models import DeliveryStatus, Newsletter, NewsletterStatus
from cocity.participation.capabilities import Capability
from cocity.projects.selectors import get_project_for_user

PER_PAGE = 30


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.inbox(user=request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        notification = services.notification_mark_read(user=request.user, notification_id=pk)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("notifications:inbox")
    target = notification.url if request.POST.get("open") else ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    if request.htmx:
        return render(request, "notifications/inbox.html#item", {"n": notification})
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("%(count)d notifications marked as read.") % {"count": count})
    return redirect("notifications:inbox")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, current=services.preferences_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_set(user=request.user, choices=form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your notification choices are saved."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@csrf_exempt  # RFC 8058: mail clients POST here without a session; the signed token suffices
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what the link stops and a button; POST (the button, or the mail client's
    one-click request) stops it. No sign-in needed: the link is signed."""
    try:
        user, kind = services.read_unsubscribe_token(token)
    except ValidationError as error:
        return render(
            request, "notifications/unsubscribe.html", {"error": error.messages[0]}, status=400
        )
    done = False
    if request.method == "POST":
        services.unsubscribe(token=token)
        done = True
    label = _("every email from us") if kind == services.ALL_KINDS else None
    return render(
        request,
        "notifications/unsubscribe.html",
        {"kind": kind, "label": label, "done": done, "email": user.email},
    )


def project_news(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project_for_user(request.user, slug)
    page = Paginator(selectors.project_updates(project=project), 10).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/project_news.html", {"project": project, "page": page})


@require_backoffice
def update_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project_for_staff(request.user, slug)
    form = ProjectUpdateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update_post(project=project, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("News posted; the project's followers will be told."))
            return redirect("notifications:project-news", slug=project.slug)
    return render(request, "notifications/update_form.html", {"project": project, "form": form})


@require_backoffice
def newsletter_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.ADMINISTER)
    letters = Paginator(Newsletter.objects.all(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/newsletter_list.html", {"page": letters})


@require_backoffice
def newsletter_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(request.user, Capability.ADMINISTER)
    letter = get_object_or_404(Newsletter, pk=pk) if pk else None
    initial = {}
    if letter is not None:
        initial = {f: getattr(letter, f) for f in ("subject", "body", "segment")}
        initial |= {"project": letter.project_id, "phase": letter.phase_id, "area": letter.area_id}
    form = NewsletterForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            letter = services.newsletter_save(
                user=request.user, newsletter=letter, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Newsletter saved. Check the preview, then send it."))
            return redirect("notifications:newsletter", pk=letter.pk)
    return render(request, "notifications/newsletter_form.html", {"form": form, "letter": letter})


@require_backoffice
def newsletter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Preview, audience size, test send and send."""
    require(request.user, Capability.ADMINISTER)
    letter = get_object_or_404(Newsletter, pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "test":
                services.newsletter_test_send(newsletter=letter, user=request.user)
                messages.success(request, _("A test copy is on its way to your address."))
            elif action == "send":
                count = services.newsletter_send(newsletter=letter, user=request.user)
                messages.success(
                    request, _("Sending to %(count)d people has started.") % {"count": count}
                )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect("notifications:newsletter", pk=letter.pk)
    audience = services.newsletter_audience(letter).count()
    progress = {
        status: letter.deliveries.filter(is_test=False, status=status).count()
        for status in DeliveryStatus.values
    }
    return render(
        request,
        "notifications/newsletter_detail.html",
        {
            "letter": letter,
            "audience": audience,
            "progress": progress,
            "is_draft": letter.status == NewsletterStatus.DRAFT,
        },
    )


@require_backoffice
def sent_emails(request: HttpRequest) -> HttpResponse:
    """Every email the platform queued, with its status: follow the flow end to end."""
    require(request.user, Capability.ADMINISTER)
    status = request.GET.get("status", "")
    status = status if status in DeliveryStatus.values else ""
    page = Paginator(selectors.sent_emails(status=status), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/sent_emails.html",
        {"page": page, "status": status, "statuses": DeliveryStatus.choices},
    )


@require_backoffice
def bulk_answer(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project_for_staff(request.user, slug, Capability.ANSWER)
    ideas = (
        Idea.objects.filter(phase__project=project, is_withdrawn=False)
        .select_related("status")
        .order_by("answered_at", "-created_at")
    )
    form = BulkAnswerForm(request.POST or None, ideas=ideas)
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["ideas"].select_related("phase__project"))
        try:
            services.ideas_bulk_answer(
                ideas=chosen,
                user=request.user,
                status=form.cleaned_data["status"],
                answer=form.cleaned_data["answer"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("%(count)d ideas answered.") % {"count": len(chosen)})
            return redirect("backoffice:idea-list", slug=project.slug)
    return render(
        request,
        "notifications/bulk_answer.html",
        {"project": project, "form": form, "section": "ideas"},
    )
