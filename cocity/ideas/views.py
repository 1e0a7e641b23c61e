"""Pages and actions of the ideation method. Thin: access helper → form → service → response.

Every action is a plain POST that redirects back with a message; htmx requests get the
fragment they swap instead (`request.htmx`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from cocity.core.i18n import TranslatedText, translate
from cocity.core.sanitize import render_markdown
from cocity.ideas import selectors, services
from cocity.ideas.cards import render_idea_cards
from cocity.ideas.forms import CommentForm, IdeaForm, IdeaListForm
from cocity.ideas.models import Comment, Idea, IdeaStatus
from cocity.participation.capabilities import Capability
from cocity.participation.permissions import can, check
from cocity.projects.models import Phase
from cocity.projects.selectors import get_phase_for_user, get_project_for_user, phase_page_context


def phase_url(phase: Phase) -> str:
    return reverse("projects:phase", kwargs={"slug": phase.project.slug, "phase_pk": phase.pk})


def idea_url(idea: Idea) -> str:
    return reverse("ideas:detail", kwargs={"pk": idea.pk})


def _login_redirect(request: HttpRequest, next_url: str) -> HttpResponse:
    if request.htmx:
        login = reverse(settings.LOGIN_URL)
        return HttpResponseClientRedirect(f"{login}?next={next_url}")
    return redirect_to_login(next_url)


# --- The phase page: list and map ----------------------------------------------------------


# The filter form's four fields as HTML, by everything their rendering depends on (language,
# submitted values, choices). Django renders widgets through templates, which cost a quarter
# of a list request; the output is a pure function of this key (docs/performance.md).
_FILTER_FIELDS: dict[tuple[Any, ...], dict[str, SafeString]] = {}
_FILTER_FIELDS_MAX = 512


def _filter_fields(form: IdeaListForm) -> dict[str, SafeString]:
    """`label_tag` + widget of each field of the list's filter form, memoized."""
    key = (
        get_language(),
        tuple(tuple(form.data.getlist(name)) for name in form.fields),
        tuple(tuple((value, str(label)) for value, label in field.choices)  # type: ignore[attr-defined]
              for field in (form.fields["topic"], form.fields["status"], form.fields["sort"])),
    )  # fmt: skip
    fields = _FILTER_FIELDS.get(key)
    if fields is None:
        if len(_FILTER_FIELDS) >= _FILTER_FIELDS_MAX:
            _FILTER_FIELDS.clear()
        fields = _FILTER_FIELDS[key] = {
            name: SafeString(form[name].label_tag() + str(form[name])) for name in form.fields
        }
    return fields


def _phase_description(phase: Phase) -> tuple[TranslatedText, SafeString]:
    text = translate(phase.description)
    return text, _markdown(str(text)) if text else SafeString("")


@lru_cache(maxsize=256)
def _markdown(source: str) -> SafeString:
    """The phase description rendered once per text (same output as the `markdown` filter)."""
    return SafeString(render_markdown(source))


def phase_ideas(request: HttpRequest, phase: Phase) -> HttpResponse:
    """The ideation phase: ideas as a sortable, filterable list, or on a map with its list twin."""
    topics = list(phase.project.topics.all())
    statuses = list(IdeaStatus.objects.all())
    form = IdeaListForm(request.GET, topics=topics, statuses=statuses)
    filters = form.filters()
    view = "map" if request.GET.get("view") == "map" else "list"
    context: dict[str, Any] = {
        **phase_page_context(request, phase),
        "form": form,
        "filter_fields": _filter_fields(form),
        "filters": filters,
        "phase_description": _phase_description(phase),
        "view": view,
        "topics": topics,
        "may_propose": check(request.user, Capability.PROPOSE, phase),
        "may_post_official": can(request.user, Capability.POST_OFFICIAL, phase),
        "MAP_CENTER": settings.COCITY_MAP_CENTER,
    }
    if view == "map":
        limit = selectors.MAP_MARKER_LIMIT
        located, total = selectors.ideas_for_map(phase=phase, filters=filters, limit=limit)
        context.update(
            located=located,
            located_total=total,
            map_limit=limit,
            map_points=selectors.map_points(located),
        )
    else:
        seed = selectors.random_seed_for(request.session) if filters.sort == "random" else 0.0
        context["page"] = selectors.idea_list(
            phase=phase,
            filters=filters,
            page_number=request.GET.get("page"),
            per_page=settings.COCITY_IDEAS_PER_PAGE,
            seed=seed,
            statuses=statuses,
            topics=topics,
        )
        context["cards_html"] = render_idea_cards(context["page"])
    template = "ideas/phase_ideas.html"
    if request.htmx and request.htmx.target == "idea-results":
        template += "#results"
    return render(request, template, context)


# --- One idea -------------------------------------------------------------------------------


def _idea_context(request: HttpRequest, idea: Idea, **extra: Any) -> dict[str, Any]:
    return {
        "idea": idea,
        "phase": idea.phase,
        "project": idea.phase.project,
        "my_reaction": selectors.user_reaction(request.user, idea),
        "is_following": selectors.is_following_idea(request.user, idea),
        **extra,
    }


def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The idea, its reactions and one page of its comment threads (`?comments=2`)."""
    idea = selectors.get_idea_for_user(request.user, pk)
    comments = selectors.idea_comment_page(
        idea=idea, user=request.user, page_number=request.GET.get("comments")
    )
    context = _idea_context(request, idea, comments=comments, comment_form=CommentForm())
    template = "ideas/idea_detail.html"
    if request.htmx and request.htmx.target == "comments":
        template += "#comments"
    return render(request, template, context)


def _comments_url(idea: Idea, comment: Comment | None) -> str:
    """The idea page at the comment page that shows `comment`, scrolled to it."""
    if comment is None:
        return idea_url(idea) + "#comments"
    number = selectors.comment_page_number(comment)
    query = f"?comments={number}" if number > 1 else ""
    return f"{idea_url(idea)}{query}#comment-{comment.pk}"


def _idea_form_response(
    request: HttpRequest, form: IdeaForm, *, phase: Phase, idea: Idea | None = None
) -> HttpResponse:
    context = {
        "form": form,
        "phase": phase,
        "project": phase.project,
        "idea": idea,
        "MAP_CENTER": settings.COCITY_MAP_CENTER,
    }
    return render(request, "ideas/idea_form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def idea_create(request: HttpRequest, slug: str, phase_pk: int) -> HttpResponse:
    project = get_project_for_user(request.user, slug)
    phase = get_phase_for_user(request.user, project, phase_pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    decision = check(request.user, Capability.PROPOSE, phase)
    may_official = can(request.user, Capability.POST_OFFICIAL, phase)
    if not decision and not may_official:
        messages.error(request, decision.reason)
        return redirect(phase_url(phase))
    # A no-JS address search links back here with the place it found (see core/geo_views.py).
    initial = {k: request.GET[k] for k in ("address", "latitude", "longitude") if k in request.GET}
    form = IdeaForm(
        request.POST or None,
        request.FILES or None,
        topics=list(project.topics.all()),
        may_post_official=may_official,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            idea = services.idea_submit(
                phase=phase,
                author=request.user,
                images=form.new_images(),
                # Staff may post for the city before the phase opens, when residents cannot.
                is_official=form.cleaned_data.get("is_official", False) or not decision,
                **form.service_kwargs(),
            )
        except ValidationError as error:
            form.add_service_error(error)
        except PermissionDenied as denied:
            messages.error(request, str(denied))
            return redirect(phase_url(phase))
        else:
            messages.success(request, _("Thank you! Your idea is published."))
            return redirect(idea_url(idea))
    return _idea_form_response(request, form, phase=phase)


@require_http_methods(["GET", "POST"])
def idea_edit(request: HttpRequest, pk: int) -> HttpResponse:
    idea = selectors.get_idea_for_user(request.user, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    decision = check(request.user, Capability.EDIT, idea)
    if not decision:
        messages.error(request, decision.reason)
        return redirect(idea_url(idea))
    existing = list(idea.images.all())
    form = IdeaForm(
        request.POST or None,
        request.FILES or None,
        topics=list(idea.phase.project.topics.all()),
        existing_images=existing,
        initial={
            "title": idea.title,
            "body": idea.body,
            "topics": [t.pk for t in idea.topics.all()],
            "address": idea.address,
            "latitude": idea.latitude,
            "longitude": idea.longitude,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.idea_edit(
                idea=idea,
                user=request.user,
                new_images=form.new_images(),
                remove_image_ids=form.cleaned_data.get("remove_images", []),
                **form.service_kwargs(),
            )
        except ValidationError as error:
            form.add_service_error(error)
        except PermissionDenied as denied:
            messages.error(request, str(denied))
            return redirect(idea_url(idea))
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(idea_url(idea))
    return _idea_form_response(request, form, phase=idea.phase, idea=idea)


@require_http_methods(["GET", "POST"])
def idea_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    idea = selectors.get_idea_for_user(request.user, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    decision = check(request.user, Capability.WITHDRAW, idea)
    if not decision:
        messages.error(request, decision.reason)
        return redirect(idea_url(idea))
    if request.method == "POST":
        services.idea_withdraw(idea=idea, user=request.user)
        messages.success(request, _("Your idea is withdrawn. It no longer appears in the list."))
        return redirect(idea_url(idea))
    return render(request, "ideas/idea_withdraw.html", {"idea": idea, "phase": idea.phase})


# --- Actions on an idea: react, follow, comment ---------------------------------------------


def _action_response(
    request: HttpRequest,
    idea: Idea,
    partial: str,
    *,
    error: str = "",
    success: str = "",
    comment: Comment | None = None,
) -> HttpResponse:
    """htmx: the re-rendered fragment (with the refusal, if any); otherwise back to the idea.

    `comment`: the comment acted on; the comments come back at the page that shows it.
    """
    if request.htmx:
        extra: dict[str, Any] = {"action_error": error, "action_success": success}
        if partial == "comments":
            # The services count comments with F() updates; the heading shows the new count.
            idea.refresh_from_db(fields=["comment_count"])
            number = selectors.comment_page_number(comment) if comment is not None else 1
            page = selectors.idea_comment_page(idea=idea, user=request.user, page_number=number)
            extra.update(comments=page, comment_form=CommentForm())
        context = _idea_context(request, idea, **extra)
        return render(request, f"ideas/idea_detail.html#{partial}", context)
    if error:
        messages.error(request, error)
    elif success:
        messages.success(request, success)
    if partial == "comments":
        return redirect(_comments_url(idea, comment))
    anchor = {"reactions": "#reactions", "follow": ""}[partial]
    return redirect(idea_url(idea) + anchor)


@require_POST
def idea_react(request: HttpRequest, pk: int) -> HttpResponse:
    idea = selectors.get_idea_for_user(request.user, pk)
    if not request.user.is_authenticated:
        return _login_redirect(request, idea_url(idea))
    try:
        value = int(request.POST.get("value", ""))
    except ValueError:
        return _action_response(request, idea, "reactions", error=_("Unknown reaction."))
    try:
        services.reaction_set(idea=idea, user=request.user, value=value)
    except (PermissionDenied, ValidationError) as refusal:
        return _action_response(request, idea, "reactions", error=_message(refusal))
    idea.refresh_from_db(fields=["up_count", "down_count", "score"])
    return _action_response(request, idea, "reactions", success=_("Your reaction is saved."))


@require_POST
def idea_follow(request: HttpRequest, pk: int) -> HttpResponse:
    idea = selectors.get_idea_for_user(request.user, pk)
    if not request.user.is_authenticated:
        return _login_redirect(request, idea_url(idea))
    follow = request.POST.get("follow") != "0"
    try:
        services.idea_follow(idea=idea, user=request.user, follow=follow)
    except PermissionDenied as denied:
        return _action_response(request, idea, "follow", error=str(denied))
    done = (
        _("You now follow this idea. We will tell you about answers and new comments.")
        if follow
        else _("You no longer follow this idea.")
    )
    return _action_response(request, idea, "follow", success=done)


@require_POST
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    idea = selectors.get_idea_for_user(request.user, pk)
    if not request.user.is_authenticated:
        return _login_redirect(request, idea_url(idea))
    parent: Comment | None = None
    if request.POST.get("parent"):
        try:
            parent = selectors.get_comment_for_user(request.user, int(request.POST["parent"]))
        except ValueError:
            return _action_response(request, idea, "comments", error=_("Unknown comment."))
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _action_response(request, idea, "comments", error=_form_errors(form))
    try:
        comment = services.comment_post(
            idea=idea, author=request.user, body=form.cleaned_data["body"], parent=parent
        )
    except (PermissionDenied, ValidationError) as refusal:
        return _action_response(request, idea, "comments", error=_message(refusal), comment=parent)
    done = _("Your reply is posted.") if parent else _("Your comment is posted.")
    return _action_response(request, idea, "comments", success=done, comment=comment)


@require_http_methods(["GET", "POST"])
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.get_comment_for_user(request.user, pk)
    idea = comment.idea
    if not request.user.is_authenticated:
        return _login_redirect(request, idea_url(idea))
    decision = check(request.user, Capability.EDIT, comment)
    if not decision:
        return _action_response(request, idea, "comments", error=decision.reason)
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    form.fields["body"].label = _("Edit your comment")
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(
                comment=comment, user=request.user, body=form.cleaned_data["body"]
            )
        except (PermissionDenied, ValidationError) as refusal:
            return _action_response(
                request, idea, "comments", error=_message(refusal), comment=comment
            )
        return _action_response(
            request, idea, "comments", success=_("Your comment is updated."), comment=comment
        )
    status = 400 if form.errors else 200
    context = {"form": form, "comment": comment, "idea": idea, "phase": idea.phase}
    return render(request, "ideas/comment_edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.get_comment_for_user(request.user, pk)
    idea = comment.idea
    if not request.user.is_authenticated:
        return _login_redirect(request, idea_url(idea))
    decision = check(request.user, Capability.DELETE, comment)
    if not decision:
        return _action_response(request, idea, "comments", error=decision.reason)
    if request.method == "POST":
        services.comment_delete(comment=comment, user=request.user)
        idea.refresh_from_db(fields=["comment_count"])
        return _action_response(
            request, idea, "comments", success=_("The comment is removed."), comment=comment
        )
    return render(
        request,
        "ideas/comment_delete.html",
        {"comment": comment, "idea": idea, "phase": idea.phase},
    )


def _message(error: PermissionDenied | ValidationError) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _form_errors(form: CommentForm) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)
