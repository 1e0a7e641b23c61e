"""Moderation pages. Thin: checked access → form → one service call → redirect with a message.

Every action is a plain form that works without JavaScript; static/moderation/queue.js only
adds keyboard shortcuts to the queue.
"""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocity.accounts.models import User
from cocity.ideas import selectors as idea_selectors
from cocity.ideas.models import Comment, Idea
from cocity.moderation import selectors, services
from cocity.moderation.forms import (
    AppealForm,
    BulkForm,
    CorrectionForm,
    DecisionForm,
    PurgeForm,
    ReportForm,
    RuleForm,
    SanctionForm,
    TermsForm,
)
from cocity.moderation.models import AuditEntry, ModerationRule, ScreeningTerm
from cocity.participation.capabilities import Capability
from cocity.participation.permissions import can, check, require
from cocity.projects.models import Project


def _message(error: PermissionDenied | ValidationError) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do this.")


def _add_error(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _signed_in(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


# --- Public and residents -----------------------------------------------------------------------


def policy(request: HttpRequest) -> HttpResponse:
    return render(request, "moderation/policy.html", {"rules": ModerationRule.objects.all()})


def _report_target(request: HttpRequest, kind: str, pk: int) -> tuple[dict[str, Any], str, str]:
    """(service keyword, what it is for the page, where to go back)."""
    if kind == "idea":
        idea = idea_selectors.get_idea_for_user(request.user, pk)
        return {"idea": idea}, idea.title, reverse("ideas:detail", args=[idea.pk])
    if kind == "comment":
        comment = idea_selectors.get_comment_for_user(request.user, pk)
        back = reverse("ideas:detail", args=[comment.idea_id]) + f"#comment-{comment.pk}"
        return (
            {"comment": comment},
            _("a comment on “%(idea)s”") % {"idea": comment.idea.title},
            back,
        )
    if kind != "user":
        raise Http404
    person = get_object_or_404(User, pk=pk)
    return {"user": person}, person.public_name, reverse("projects:home")


def report(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if (login := _signed_in(request)) is not None:
        return login
    target, label, back = _report_target(request, kind, pk)
    decision = check(request.user, Capability.REPORT, next(iter(target.values())))
    form = ReportForm(request.POST or None)
    if decision and request.method == "POST" and form.is_valid():
        try:
            _report, created = services.report_submit(
                reporter=request.user, **target, **form.cleaned_data
            )
        except ValidationError as error:
            _add_error(form, error)
        except PermissionDenied as refusal:
            messages.error(request, _message(refusal))
            return redirect(back)
        else:
            if created:
                messages.success(request, _("Thank you. A moderator will look at it."))
            else:
                messages.info(request, _("You already reported this; a moderator will look."))
            return redirect(back)
    status = 400 if form.errors else 403 if not decision else 200
    context = {"form": form, "label": label, "back": back, "refusal": decision}
    return render(request, "moderation/report.html", context, status=status)


def mine(request: HttpRequest) -> HttpResponse:
    if (login := _signed_in(request)) is not None:
        return login
    notices, sanctions = selectors.notices_for(request.user)
    return render(request, "moderation/mine.html", {"notices": notices, "sanctions": sanctions})


def appeal(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if (login := _signed_in(request)) is not None:
        return login
    if kind not in ("idea", "comment"):
        raise Http404
    model = Idea if kind == "idea" else Comment
    content = get_object_or_404(model, pk=pk, author=request.user)
    target = {kind: content}
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_submit(author=request.user, text=form.cleaned_data["text"], **target)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _message(error))
            return redirect("moderation:mine")
        messages.success(request, _("Your appeal is sent. A moderator will decide."))
        return redirect("moderation:mine")
    context = {
        "form": form,
        "content": content,
        "kind": kind,
        "decision": selectors.last_decision(**target),
        "appealed": selectors.has_appealed(**target),
    }
    return render(request, "moderation/appeal.html", context, status=400 if form.errors else 200)


# --- Moderators ---------------------------------------------------------------------------------


def _queue_url(request: HttpRequest) -> str:
    back = request.POST.get("next", "")
    if back.startswith("/moderation/queue/") and "//" not in back:
        return back
    return reverse("moderation:queue")


def queue(request: HttpRequest) -> HttpResponse:
    if (login := _signed_in(request)) is not None:
        return login
    sort = request.GET.get("sort", "age")
    project = None
    if request.GET.get("project"):
        project = get_object_or_404(Project, slug=request.GET["project"])
    cases = selectors.open_cases(request.user, sort=sort, project=project)
    context = {
        "cases": cases,
        "sort": sort if sort in selectors.SORTS else "age",
        "filter_project": project,
        "rules": list(ModerationRule.objects.all()),
        "may_see_reporters": can(request.user, Capability.SEE_REPORTERS),
    }
    return render(request, "moderation/queue.html", context)


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if (login := _signed_in(request)) is not None:
        return login
    case = selectors.get_case_for_user(request.user, pk)
    may_see_reporters = can(request.user, Capability.SEE_REPORTERS)
    content = case.idea or case.comment
    correction = CorrectionForm(
        initial={"title": getattr(content, "title", ""), "body": getattr(content, "body", "")}
    )
    context = {
        "case": case,
        "ctx": selectors.case_context(case, may_see_reporters=may_see_reporters),
        "may_see_reporters": may_see_reporters,
        "may_moderate_accounts": can(request.user, Capability.MODERATE_ACCOUNTS),
        "rules": list(ModerationRule.objects.all()),
        "correction": correction,
        "sanction_form": SanctionForm(),
    }
    return render(request, "moderation/case.html", context)


@require_POST
def case_decide(request: HttpRequest, pk: int) -> HttpResponse:
    if (login := _signed_in(request)) is not None:
        return login
    case = selectors.get_case_for_user(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This action could not be read; nothing was changed."))
        return redirect(_queue_url(request))
    try:
        services.case_decide(case=case, user=request.user, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _message(error))
        return redirect(_queue_url(request))
    done = {"approve": _("Approved."), "hide": _("Hidden; the author is told why.")}
    messages.success(request, done[form.cleaned_data["action"]])
    return redirect(_queue_url(request) + "#queue")


@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    if (login := _signed_in(request)) is not None:
        return login
    visible = {c.pk: c for c in selectors.open_cases(request.user)}
    form = BulkForm(request.POST, case_ids=list(visible))
    if not form.is_valid():
        errors = " ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, errors + " " + _("Nothing was changed."))
        return redirect(_queue_url(request))
    data = form.cleaned_data
    try:
        done = services.cases_decide(
            cases=[visible[pk] for pk in data["cases"]],
            user=request.user,
            action=data["action"],
            reason=data["reason"],
            rule=data["rule"],
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _message(error) + " " + _("Nothing was changed."))
        return redirect(_queue_url(request))
    messages.success(request, _("%(count)d items handled.") % {"count": len(done)})
    return redirect(_queue_url(request) + "#queue")


def case_correct(request: HttpRequest, pk: int) -> HttpResponse:
    if (login := _signed_in(request)) is not None:
        return login
    case = selectors.get_case_for_user(request.user, pk)
    content = case.idea or case.comment
    if content is None:
        raise PermissionDenied(_("An account has no text to correct."))
    form = CorrectionForm(
        request.POST or None,
        initial={"title": getattr(content, "title", ""), "body": content.body},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.content_correct(
                case=case,
                user=request.user,
                body=data["body"],
                title=data["title"] if case.idea_id else None,
                reason=data["reason"],
            )
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The text is corrected; the change is in the audit log."))
            return redirect("moderation:case", pk=case.pk)
    context = {"case": case, "form": form, "content": content}
    return render(request, "moderation/correct.html", context, status=400 if form.errors else 200)


@require_POST
def user_sanction(request: HttpRequest, pk: int) -> HttpResponse:
    """Warn, suspend or block a person, from a case (its `case` field) or on its own."""
    if (login := _signed_in(request)) is not None:
        return login
    target = get_object_or_404(User, pk=pk)
    case = None
    if request.POST.get("case"):
        try:
            case = selectors.get_case_for_user(request.user, int(request.POST["case"]))
        except ValueError:
            raise PermissionDenied(_("Unknown case.")) from None
    back = reverse("moderation:case", args=[case.pk]) if case else reverse("moderation:queue")
    form = SanctionForm(request.POST)
    if not form.is_valid():
        errors = " ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, errors + " " + _("Nothing was changed."))
        return redirect(back)
    data = form.cleaned_data
    common = {
        "target": target,
        "user": request.user,
        "reason": data["reason"],
        "rule": data["rule"],
    }
    try:
        if data["kind"] == "warn":
            services.user_warn(case=case, **common)
        elif data["kind"] == "suspend":
            services.user_suspend(days=data["days"], **common)
        else:
            services.user_block(days=data["days"], **common)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _message(error) + " " + _("Nothing was changed."))
        return redirect(back)
    messages.success(request, _("Done; the person can read the reason on their moderation page."))
    return redirect(back)


def user_purge(request: HttpRequest, pk: int) -> HttpResponse:
    if (login := _signed_in(request)) is not None:
        return login
    require(request.user, Capability.MODERATE_ACCOUNTS)
    target = get_object_or_404(User, pk=pk)
    form = PurgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            counts = services.user_purge(
                target=target, user=request.user, reason=form.cleaned_data["reason"]
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _message(error) + " " + _("Nothing was changed."))
            return redirect("moderation:queue")
        messages.success(
            request,
            _(
                "Account removed with %(ideas)d ideas, %(comments)d comments and %(reactions)d "
                "reactions."
            )
            % counts,
        )
        return redirect("moderation:queue")
    context = {
        "target": target,
        "form": form,
        "idea_count": target.ideas.count(),
        "comment_count": target.comments.count(),
    }
    return render(request, "moderation/purge.html", context, status=400 if form.errors else 200)


def stats(request: HttpRequest) -> HttpResponse:
    if (login := _signed_in(request)) is not None:
        return login
    selectors.require_queue(request.user)
    projects = selectors.moderated_projects(request.user).prefetch_related("managers")
    rows = selectors.project_stats(projects)
    for row in rows:
        row.may_manage = can(request.user, Capability.MANAGE, row.project)  # type: ignore[attr-defined]
    return render(request, "moderation/stats.html", {"rows": rows})


@require_POST
def premoderation(request: HttpRequest, slug: str) -> HttpResponse:
    if (login := _signed_in(request)) is not None:
        return login
    project = get_object_or_404(Project.objects.prefetch_related("managers"), slug=slug)
    try:
        services.project_set_premoderation(
            project=project, user=request.user, is_premoderated=request.POST.get("on") == "1"
        )
    except PermissionDenied as refusal:
        messages.error(request, _message(refusal))
        return redirect("moderation:stats")
    if project.is_premoderated:
        messages.success(request, _("Pre-moderation is on: new posts wait for approval."))
    else:
        messages.success(request, _("Pre-moderation is off."))
    return redirect("moderation:stats")


# --- Policy and word lists ----------------------------------------------------------------------


def rules(request: HttpRequest) -> HttpResponse:
    if (login := _signed_in(request)) is not None:
        return login
    require(request.user, Capability.MODERATE_ACCOUNTS)
    return render(request, "moderation/rules.html", {"rules": ModerationRule.objects.all()})


def rule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if (login := _signed_in(request)) is not None:
        return login
    require(request.user, Capability.MODERATE_ACCOUNTS)
    rule = get_object_or_404(ModerationRule, pk=pk) if pk else None
    initial = (
        {"slug": rule.slug, "title": rule.title, "description": rule.description,
         "position": rule.position} if rule else {}
    )  # fmt: skip
    form = RuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_save(user=request.user, rule=rule, **form.cleaned_data)
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The rule is saved."))
            return redirect("moderation:rules")
    context = {"form": form, "rule": rule}
    return render(request, "moderation/rule_form.html", context, status=400 if form.errors else 200)


def terms(request: HttpRequest) -> HttpResponse:
    if (login := _signed_in(request)) is not None:
        return login
    require(request.user, Capability.MODERATE_ACCOUNTS)
    from django.conf import settings

    posted = request.POST.get("language") if request.method == "POST" else None
    forms = []
    for code, name in settings.LANGUAGES:
        current = ScreeningTerm.objects.filter(language=code)
        initial = {
            "language": code,
            "hold": "\n".join(t.term for t in current if t.action == "hold"),
            "flag": "\n".join(t.term for t in current if t.action == "flag"),
        }
        form = TermsForm(request.POST if posted == code else None, initial=initial, prefix=code)
        forms.append((code, name, form))
    if posted:
        form = next((f for code, _n, f in forms if code == posted), None)
        if form is not None and form.is_valid():
            try:
                count = services.terms_replace(
                    user=request.user,
                    language=posted,
                    hold=form.cleaned_data["hold"],
                    flag=form.cleaned_data["flag"],
                )
            except ValidationError as error:
                _add_error(form, error)
            else:
                messages.success(request, _("Word list saved: %(count)d terms.") % {"count": count})
                return redirect("moderation:terms")
    return render(request, "moderation/terms.html", {"forms": forms})


# --- Audit log ----------------------------------------------------------------------------------

AUDIT_PER_PAGE = 100


def audit(request: HttpRequest) -> HttpResponse:
    if (login := _signed_in(request)) is not None:
        return login
    require(request.user, Capability.ADMINISTER)
    from django.core.paginator import Paginator

    entries = AuditEntry.objects.all()
    if request.GET.get("action"):
        entries = entries.filter(action__startswith=request.GET["action"])
    page = Paginator(entries, AUDIT_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "moderation/audit.html", {"page": page})


class _Echo:
    def write(self, value: str) -> str:
        return value


AUDIT_COLUMNS = [
    "created_at", "actor_id", "actor_name", "action", "project_id", "target_type", "target_id",
    "target_label", "reason", "before", "after",
]  # fmt: skip


def _csv_safe(value: Any) -> str:
    """Neutralise spreadsheet formulas in text written by people (CSV injection)."""
    text = value if isinstance(value, str) else "" if value is None else str(value)
    if isinstance(value, dict):
        import json

        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def audit_csv(request: HttpRequest) -> HttpResponse:
    if (login := _signed_in(request)) is not None:
        return login
    require(request.user, Capability.ADMINISTER)
    writer = csv.writer(_Echo())
    rows = AuditEntry.objects.order_by("created_at", "pk").values_list(*AUDIT_COLUMNS)

    def lines() -> Any:
        yield writer.writerow(AUDIT_COLUMNS)
        for row in rows.iterator(chunk_size=2000):
            yield writer.writerow([row[0].isoformat(), *(_csv_safe(v) for v in row[1:])])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cocity-audit-log.csv"'
    return response
