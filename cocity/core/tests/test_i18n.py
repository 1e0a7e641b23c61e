"""French and Dutch: every catalogue is complete and consistent, and pages come out translated.

The catalogues live beside each app (cocity/<app>/locale/{fr,nl}/LC_MESSAGES/django.po), plus one
project-wide catalogue in cocity/locale for cocity/templates and the top-level modules.
After changing strings (needs gettext's tools):

    cd cocity/<app> && ../../.venv/bin/cocity makemessages -l fr -l nl \
        --add-location=file --no-obsolete
    # project-wide: from cocity/, with `--ignore <dir>` for every app directory
    # then translate every new or fuzzy entry, and from the same directory:
    ../../.venv/bin/cocity compilemessages

and commit both the .po and the .mo (a fresh machine may lack gettext). The tests below fail on
an empty or fuzzy entry, a stale .mo, a msgid translated two different ways, or a string in the
code that no catalogue has.
"""

from __future__ import annotations

import ast
import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.translation.template import templatize

from cocity.testing.factories import IdeaFactory, PhaseFactory, ProjectFactory

COCITY = Path(settings.BASE_DIR)
LANGUAGES = ("fr", "nl")
PLURAL_FORMS = {"fr": "nplurals=2; plural=(n > 1);", "nl": "nplurals=2; plural=(n != 1);"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]")
# Directories whose strings are not shown to people (or are extracted elsewhere).
NOT_EXTRACTED = {"tests", "migrations", "testing", "static", "locale", "__pycache__"}


# --- a tiny .po reader ---------------------------------------------------------------------------


@dataclass
class PoEntry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def read_po(path: Path) -> list[PoEntry]:
    """Entries of a .po file (the header included, obsolete `#~` entries left out)."""
    entries: list[PoEntry] = []
    current: PoEntry | None = None
    target: tuple[str, int] | None = None

    def start(lineno: int) -> PoEntry:
        nonlocal current
        if current is not None:
            entries.append(current)
        current = PoEntry(line=lineno)
        return current

    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            # A comment after a msgstr begins the next entry.
            if current is None or current.msgstr:
                start(lineno)
            if line.startswith("#,") and current is not None:
                current.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#:") and current is not None:
                current.references += line[2:].split()
            continue
        match = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$", line)
        if match:
            keyword, index, literal = match.groups()
            if current is None or (keyword in ("msgctxt", "msgid") and current.msgstr):
                start(lineno)
            assert current is not None
            text = ast.literal_eval(literal)
            if keyword == "msgctxt":
                current.msgctxt, target = text, ("msgctxt", 0)
            elif keyword == "msgid":
                if current.msgctxt is None and current.msgid:
                    start(lineno)
                current.msgid, target = text, ("msgid", 0)
            elif keyword == "msgid_plural":
                current.msgid_plural, target = text, ("msgid_plural", 0)
            else:
                current.msgstr.append(text)
                target = ("msgstr", len(current.msgstr) - 1)
            continue
        if line.startswith('"') and current is not None and target is not None:
            text = ast.literal_eval(line)
            name, index = target
            if name == "msgstr":
                current.msgstr[index] += text
            else:
                setattr(current, name, (getattr(current, name) or "") + text)
            continue
        raise AssertionError(f"{path}:{lineno}: cannot read {raw!r}")
    if current is not None:
        entries.append(current)
    return entries


def catalogues() -> list[Path]:
    return sorted(COCITY.glob("**/locale/*/LC_MESSAGES/django.po"))


def language_of(po: Path) -> str:
    return po.parent.parent.name


def short(po: Path) -> str:
    return str(po.relative_to(COCITY.parent))


# --- the catalogues ------------------------------------------------------------------------------


def test_there_is_a_french_and_a_dutch_catalogue_beside_each_catalogue() -> None:
    found = catalogues()
    assert found, "no catalogue found"
    for po in found:
        for lang in LANGUAGES:
            sibling = po.parent.parent.parent / lang / "LC_MESSAGES" / "django.po"
            assert sibling.exists(), f"{short(po)} has no {lang} sibling"
    assert COCITY / "locale" / "fr" / "LC_MESSAGES" / "django.po" in found


def test_django_loads_every_catalogue() -> None:
    """A locale/ folder outside an installed app (e.g. cocity/budgeting) must be in LOCALE_PATHS,
    or its translations are silently never used."""
    from django.apps import apps

    loaded = {Path(p).resolve() for p in settings.LOCALE_PATHS}
    loaded |= {(Path(app.path) / "locale").resolve() for app in apps.get_app_configs()}
    ignored = [short(po) for po in catalogues() if po.parents[2].resolve() not in loaded]
    assert not ignored, f"Django never reads these catalogues: {ignored}"


@pytest.mark.parametrize("po", catalogues(), ids=short)
def test_every_entry_is_translated_and_none_is_fuzzy(po: Path) -> None:
    lang = language_of(po)
    entries = read_po(po)
    header, messages = entries[0], entries[1:]
    assert header.msgid == "", f"{short(po)} has no header"
    assert f"Language: {lang}\n" in header.msgstr[0]
    assert f"Plural-Forms: {PLURAL_FORMS[lang]}\n" in header.msgstr[0]
    assert "charset=UTF-8" in header.msgstr[0]
    problems = []
    for entry in messages:
        where = f"{short(po)}:{entry.line} {entry.msgid!r}"
        if "fuzzy" in entry.flags:
            problems.append(f"{where} is fuzzy")
        expected_forms = 2 if entry.msgid_plural is not None else 1
        if len(entry.msgstr) != expected_forms or not all(s.strip() for s in entry.msgstr):
            problems.append(f"{where} is not (fully) translated")
            continue
        if entry.msgid_plural is None:
            if sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(
                PLACEHOLDER.findall(entry.msgstr[0])
            ):
                problems.append(f"{where}: placeholders differ in {entry.msgstr[0]!r}")
        else:
            allowed = set(PLACEHOLDER.findall(entry.msgid + entry.msgid_plural))
            for text in entry.msgstr:
                if not set(PLACEHOLDER.findall(text)) <= allowed:
                    problems.append(f"{where}: unknown placeholder in {text!r}")
            if set(PLACEHOLDER.findall(entry.msgstr[1])) != set(
                PLACEHOLDER.findall(entry.msgid_plural)
            ):
                problems.append(f"{where}: the plural form drops a placeholder")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("po", catalogues(), ids=short)
def test_the_committed_mo_file_matches_its_po_file(po: Path) -> None:
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{short(mo)} is missing: run compilemessages and commit it"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in read_po(po)[1:]:
        if entry.msgid_plural is not None:
            got = [
                compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                if entry.msgctxt is not None
                else compiled.ngettext(entry.msgid, entry.msgid_plural, n)
                for n in (1, 2)
            ]
        elif entry.msgctxt is not None:
            got = [compiled.pgettext(entry.msgctxt, entry.msgid)]
        else:
            got = [compiled.gettext(entry.msgid)]
        if got != entry.msgstr:
            stale.append(f"{entry.msgid!r}: .mo has {got!r}, .po has {entry.msgstr!r}")
    assert not stale, f"{short(mo)} is stale; run compilemessages:\n" + "\n".join(stale)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_string_is_translated_the_same_way_in_every_catalogue(lang: str) -> None:
    seen: dict[tuple[str | None, str], dict[tuple[str, ...], list[str]]] = {}
    for po in catalogues():
        if language_of(po) != lang:
            continue
        for entry in read_po(po)[1:]:
            seen.setdefault(entry.key, {}).setdefault(tuple(entry.msgstr), []).append(short(po))
    conflicts = [
        f"{key[1]!r}: " + "; ".join(f"{list(t)} in {', '.join(p)}" for t, p in versions.items())
        for key, versions in seen.items()
        if len(versions) > 1
    ]
    assert not conflicts, "\n".join(conflicts)


# Apps whose interface is not translated yet: written while these catalogues were made. Each needs
# its own locale/ (see the module docstring); then remove it from this set.
NOT_YET_TRANSLATED: set[str] = set()


def area_of(path: Path) -> str:
    """The app directory a source file belongs to; "" for cocity/templates and top-level modules,
    whose strings live in the project-wide catalogue cocity/locale."""
    parts = path.relative_to(COCITY).parts
    return "" if len(parts) == 1 or parts[0] == "templates" else parts[0]


def has_catalogues(area: str) -> bool:
    return all((COCITY / area / "locale" / lang / "LC_MESSAGES" / "django.po").exists()
               for lang in LANGUAGES)  # fmt: skip


def _strings_in_the_code(workdir: Path) -> dict[tuple[str | None, str], set[str]]:
    """(msgctxt, msgid) -> the areas using it, extracted as makemessages does (templatize +
    xgettext)."""
    sources: dict[str, str] = {}  # file given to xgettext -> area
    for path in sorted(COCITY.rglob("*")):
        parts = set(path.relative_to(COCITY).parts)
        if parts & NOT_EXTRACTED or path.suffix not in {".py", ".html", ".txt"}:
            continue
        if path.suffix == ".py":
            sources[str(path)] = area_of(path)
            continue
        copy = workdir / (str(path.relative_to(COCITY)).replace("/", "__") + ".py")
        copy.write_text(templatize(path.read_text(encoding="utf-8"), origin=str(path)))
        sources[str(copy)] = area_of(path)
    command = [
        "xgettext", "--language=Python", "--from-code=UTF-8", "--output=-", "--no-wrap",
        "--keyword=gettext_noop", "--keyword=gettext_lazy", "--keyword=ngettext_lazy:1,2",
        "--keyword=pgettext:1c,2", "--keyword=npgettext:1c,2,3", "--keyword=pgettext_lazy:1c,2",
        "--keyword=npgettext_lazy:1c,2,3", "--add-location=file", *sources,
    ]  # fmt: skip
    pot = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    (workdir / "code.pot").write_text(pot, encoding="utf-8")
    return {
        entry.key: {sources[name] for name in entry.references if name in sources}
        for entry in read_po(workdir / "code.pot")[1:]
    }


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs gettext's xgettext")
def test_every_string_in_the_code_has_a_french_and_a_dutch_translation(tmp_path: Path) -> None:
    in_code = _strings_in_the_code(tmp_path)
    assert "Skip to main content" in {msgid for _ctx, msgid in in_code}, "extraction found nothing"
    areas = set().union(*in_code.values())
    untranslated_apps = sorted(a for a in areas - NOT_YET_TRANSLATED if a and not has_catalogues(a))
    assert not untranslated_apps, (
        f"apps with interface strings but no fr/nl catalogue: {untranslated_apps}"
    )
    assert not {a for a in NOT_YET_TRANSLATED if has_catalogues(a)}, (
        "these apps now have catalogues: remove them from NOT_YET_TRANSLATED"
    )
    for lang in LANGUAGES:
        translated = {
            entry.key
            for po in catalogues()
            if language_of(po) == lang
            for entry in read_po(po)[1:]
            if entry.msgstr and all(entry.msgstr)
        }
        missing = sorted(
            f"{key[1]!r} (in {', '.join(sorted(a or 'cocity/templates' for a in used))})"
            for key, used in in_code.items()
            if key not in translated and not used <= NOT_YET_TRANSLATED
        )
        assert not missing, (
            f"{len(missing)} string(s) have no {lang} translation; run makemessages in their app "
            "and translate them:\n" + "\n".join(missing)
        )


# --- pages ---------------------------------------------------------------------------------------


def page(client: Client, url: str, lang: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def aware(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 12, tzinfo=UTC)


@pytest.fixture
def english_only_project(db: None) -> Any:
    project = ProjectFactory(
        slug="bike-lanes",
        title={"en": "Bike lanes"},
        summary={"en": "Safer cycling."},
    )
    PhaseFactory(project=project)
    return project


@pytest.mark.parametrize(
    ("lang", "nav", "heading"),
    [("fr", ["Projets", "Se connecter", "Créer un compte"], "Façonnez la ville avec nous"),
     ("nl", ["Projecten", "Aanmelden", "Account aanmaken"], "Bouw mee aan de stad")],
)  # fmt: skip
def test_the_home_page_speaks_the_chosen_language(
    client: Client, phase: Any, english_only_project: Any, lang: str, nav: list[str], heading: str
) -> None:
    html = page(client, reverse("projects:home"), lang)
    assert f'<html lang="{lang}">' in html
    for text in nav:
        assert f">{text}<" in html
    assert heading in html
    assert "Sign in" not in html and "Skip to main content" not in html
    # A city text with no translation is shown in English and marked as English.
    assert '<h3 lang="en"><a href="/projects/bike-lanes/">Bike lanes</a></h3>' in html
    assert '<p lang="en">Safer cycling.</p>' in html


def test_a_translated_city_text_carries_no_lang_attribute_and_a_fallback_one_does(
    client: Client, phase: Any
) -> None:
    french = page(client, reverse("projects:detail", args=[phase.project.slug]), "fr")
    assert "<h1>Places vertes</h1>" in french
    dutch = page(client, reverse("projects:detail", args=[phase.project.slug]), "nl")
    assert '<h1 lang="en">Green squares</h1>' in dutch
    assert "Ideeën</a>" in dutch  # the phase's own Dutch title, unmarked


@pytest.mark.parametrize(
    ("lang", "timeline", "dates"),
    [("fr", "Ligne du temps", ["25 mai 2024", "25 oct"]),
     ("nl", "Tijdlijn", ["25 mei 2024", "25 okt"])],
)  # fmt: skip
def test_the_project_timeline_shows_dates_in_the_visitors_language(
    client: Client, project: Any, lang: str, timeline: str, dates: list[str]
) -> None:
    PhaseFactory(project=project, starts_at=aware(2024, 5, 25), ends_at=aware(2024, 10, 25))
    html = page(client, reverse("projects:detail", args=[project.slug]), lang)
    assert f">{timeline}</h2>" in html
    lowered = html.lower()
    for date in dates:
        assert date in lowered
    assert "May 2024" not in html  # the English month name


@pytest.mark.parametrize(
    ("lang", "reason"),
    [("fr", "La phase « Appel à idées » s\u2019ouvre le 1 mars 2099."),
     ("nl", "De fase „Ideeënoproep” opent op 1 maart 2099.")],
)  # fmt: skip
def test_a_refusal_gives_its_date_in_the_visitors_language(
    client: Client, project: Any, lang: str, reason: str
) -> None:
    upcoming = PhaseFactory(project=project, starts_at=aware(2099, 3, 1), ends_at=aware(2099, 4, 1))
    html = page(client, reverse("projects:phase", args=[project.slug, upcoming.pk]), lang)
    assert reason in html


@pytest.mark.parametrize(
    ("lang", "texts", "date"),
    [("fr", ["Fil d\u2019Ariane", "Veuillez vous connecter pour participer."], "25 mai 2024"),
     ("nl", ["Kruimelpad", "Meld u aan om deel te nemen."], "25 mei 2024")],
)  # fmt: skip
def test_the_idea_page_speaks_the_chosen_language(
    client: Client, phase: Any, lang: str, texts: list[str], date: str
) -> None:
    idea = IdeaFactory(phase=phase, title="More benches")
    type(idea).objects.filter(pk=idea.pk).update(created_at=aware(2024, 5, 25))
    html = page(client, reverse("ideas:detail", args=[idea.pk]), lang)
    assert f'<html lang="{lang}">' in html
    for text in texts:
        assert text in html
    assert f">{date}</time>" in html
    # The resident's own text is shown as written, the project title falls back to English in nl.
    assert '<h1 id="idea-title">More benches</h1>' in html
    if lang == "nl":
        assert 'lang="en">Green squares</a>' in html


@pytest.mark.parametrize(
    ("lang", "texts"),
    [("fr", ["Se connecter", "Mot de passe"]), ("nl", ["Aanmelden", "Wachtwoord"])],
)
def test_the_sign_in_page_speaks_the_chosen_language(
    client: Client, db: None, lang: str, texts: list[str]
) -> None:
    html = page(client, reverse("account_login"), lang)
    assert f'<html lang="{lang}">' in html
    for text in texts:
        assert text in html
    assert "Password" not in html


def test_a_belgian_browser_gets_the_site_in_its_language(client: Client, db: None) -> None:
    response = client.get(reverse("projects:home"), HTTP_ACCEPT_LANGUAGE="nl-BE,nl;q=0.9,en;q=0.5")
    assert '<html lang="nl">' in response.content.decode()


# --- the language switcher -----------------------------------------------------------------------


def test_the_language_switcher_is_a_plain_form_back_to_the_same_page(
    client: Client, project: Any
) -> None:
    url = reverse("projects:detail", args=[project.slug]) + "?from=home"
    html = client.get(url).content.decode()
    assert f'<form action="{reverse("set_language")}" method="post"' in html
    assert f'<input name="next" type="hidden" value="{url.replace("&", "&amp;")}">' in html
    assert '<select id="lang-select" name="language">' in html
    assert '<label for="lang-select"' in html

    response = client.post(reverse("set_language"), {"language": "nl", "next": url})

    assert response.status_code == 302
    assert response["Location"] == url
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nl"
    assert '<html lang="nl">' in client.get(url).content.decode()


def test_the_language_switcher_does_not_send_people_to_another_site(
    client: Client, db: None
) -> None:
    response = client.post(
        reverse("set_language"), {"language": "fr", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_an_unknown_language_changes_nothing(client: Client, db: None) -> None:
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies
    assert '<html lang="en">' in client.get("/").content.decode()


def test_choosing_a_language_while_signed_in_remembers_it_on_the_account(
    client: Client, alice: Any
) -> None:
    client.force_login(alice)
    client.post(reverse("set_language"), {"language": "nl", "next": "/"})
    alice.refresh_from_db()
    assert alice.preferred_language == "nl"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "12,500\u00a0EUR"), ("fr", "12\u00a0500\u00a0EUR"), ("nl", "12.500\u00a0EUR")],
)
def test_money_is_grouped_the_way_of_the_language(language: str, expected: str) -> None:
    from django.utils import translation

    from cocity.core.i18n import format_money

    with translation.override(language):
        assert format_money(12500, "EUR") == expected
        assert format_money(None) == "0"
