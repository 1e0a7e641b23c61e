"""Read and write participatory-budgeting elections in the Pabulib format (pabulib.org/format).

A ``.pb`` file has three ``;``-separated sections, ``META``, ``PROJECTS`` and ``VOTES``, each
starting with a header row. Columns are found by header *name* (their order varies between
files). Real files are messy, so the parser is lenient where the meaning is still clear and
reports what it did as :class:`ParseWarning` (with line numbers), and strict where it is not
(:class:`ParseError`, with the line number):

- warnings: a vote for a project id missing from PROJECTS (the id is dropped from the ballot),
  the same project twice in one ballot (kept once), empty ballots (kept: they count as voters),
  ``num_votes``/``num_projects`` that differ from what the file holds, duplicate voter ids;
- errors: a missing section or column, a duplicate project id, a cost or budget that is not a
  number, points that do not match the votes, an unknown ``vote_type``.

Costs may use a decimal comma (``1546168,66``); they are kept exact as :class:`Fraction`.
Ballots are stored compactly for NumPy (CSR-like: ``indptr`` + project ``indices`` + per-vote
``values`` — points for cumulative ballots, 0-based rank for ordinal ones).

No Django here: this package is pure Python + NumPy.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import numpy as np

VOTE_TYPES = ("approval", "choose-1", "cumulative", "ordinal", "scoring")


class ParseError(ValueError):
    """A fatal problem in a .pb file; ``line`` is 1-based (0 when it concerns the whole file)."""

    def __init__(self, message: str, line: int = 0) -> None:
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass(frozen=True)
class ParseWarning:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass
class Project:
    id: str
    cost: Fraction
    name: str = ""
    category: str = ""
    selected: bool | None = None
    #: every column of the PROJECTS row, as text, by header name (for a faithful export)
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class Instance:
    budget: Fraction
    projects: dict[str, Project]
    meta: dict[str, str]

    @property
    def ids(self) -> list[str]:
        return list(self.projects)

    def costs(self) -> np.ndarray:
        """Costs as float64, in the order of :attr:`ids`."""
        return np.array([float(p.cost) for p in self.projects.values()], dtype=np.float64)

    @property
    def rule(self) -> str:
        return self.meta.get("rule", "").strip()


@dataclass
class Profile:
    """The ballots, compactly: ballot ``v`` holds ``indices[indptr[v]:indptr[v+1]]``."""

    vote_type: str
    indptr: np.ndarray  # int64, len = num_voters + 1
    indices: np.ndarray  # int32 project indices (positions in Instance.ids)
    values: np.ndarray | None  # float64: points (cumulative/scoring), 0-based rank (ordinal)
    max_length: int  # ordinal: L in the utility L - rank
    voter_ids: list[str]
    #: extra VOTES columns (age, sex, …) by header name, one text per voter
    voter_fields: dict[str, list[str]] = field(default_factory=dict)

    @property
    def num_voters(self) -> int:
        return len(self.indptr) - 1

    def ballot(self, v: int) -> np.ndarray:
        return self.indices[self.indptr[v] : self.indptr[v + 1]]

    def utilities(self) -> np.ndarray:
        """Per-vote utility used by the rules (see ``_about`` in the reference data):
        1 per approval (approval, choose-1), the points (cumulative, scoring),
        ``max_length - rank`` (ordinal: Kraków's 3/2/1)."""
        if self.vote_type in ("approval", "choose-1"):
            return np.ones(len(self.indices), dtype=np.float64)
        if self.vote_type == "ordinal":
            assert self.values is not None
            return self.max_length - self.values
        assert self.values is not None
        return self.values.astype(np.float64)

    def voter_of_vote(self) -> np.ndarray:
        return np.repeat(np.arange(self.num_voters, dtype=np.int64), np.diff(self.indptr))


@dataclass
class Election:
    instance: Instance
    profile: Profile
    warnings: list[ParseWarning]


def parse_number(text: str) -> Fraction:
    """A decimal number, possibly with a decimal comma; exact."""
    t = text.strip().replace(" ", "").replace("\u00a0", "")
    if "," in t and "." not in t:
        t = t.replace(",", ".")
    return Fraction(t)


def _split(line: str) -> list[str]:
    if '"' in line:
        return next(csv.reader([line], delimiter=";"))
    return line.split(";")


def read(path: str | Path) -> Election:
    """Parse a .pb file (UTF-8, BOM tolerated)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        return parse(f.read())


def parse(text: str) -> Election:
    """Parse the text of a .pb file. Raises :class:`ParseError`; returns warnings in the result."""
    warnings: list[ParseWarning] = []
    lines = text.splitlines()
    sections: dict[str, tuple[int, int]] = {}  # name -> (header line index, end index)
    current = None
    for i, raw in enumerate(lines):
        key = raw.strip().strip(";").strip().strip('"').lower()
        if key in ("meta", "projects", "votes") and ";" not in raw.strip().strip(";"):
            if key in sections:
                raise ParseError(f"section {key.upper()} appears twice", i + 1)
            if current:
                sections[current] = (sections[current][0], i)
            sections[key] = (i + 1, len(lines))
            current = key
    if current:
        sections[current] = (sections[current][0], len(lines))
    for name in ("meta", "projects", "votes"):
        if name not in sections:
            raise ParseError(f"the {name.upper()} section is missing")

    def rows(name: str):
        start, end = sections[name]
        header_line = None
        for i in range(start, end):
            if lines[i].strip():
                header_line = i
                break
        if header_line is None:
            raise ParseError(f"the {name.upper()} section has no header row", start)
        header = [h.strip().lower() for h in _split(lines[header_line])]
        body = ((i + 1, lines[i]) for i in range(header_line + 1, end) if lines[i].strip(" ;\t"))
        return header_line + 1, header, body

    # META
    meta: dict[str, str] = {}
    meta_line: dict[str, int] = {}
    _, _, body = rows("meta")
    for lineno, line in body:
        cells = _split(line)
        if len(cells) < 2:
            raise ParseError(f"META row needs a key and a value: {line!r}", lineno)
        meta[cells[0].strip()] = ";".join(cells[1:]).strip()
        meta_line[cells[0].strip()] = lineno
    if "budget" not in meta:
        raise ParseError("META has no budget")
    try:
        budget = parse_number(meta["budget"])
    except (ValueError, ZeroDivisionError) as e:
        raise ParseError(f"budget is not a number: {meta['budget']!r}", meta_line["budget"]) from e
    vote_type = meta.get("vote_type", "").strip().lower()
    if vote_type not in VOTE_TYPES:
        raise ParseError(
            f"unknown vote_type {meta.get('vote_type')!r}", meta_line.get("vote_type", 0)
        )

    # PROJECTS
    header_no, header, body = rows("projects")
    for col in ("project_id", "cost"):
        if col not in header:
            raise ParseError(f"PROJECTS has no {col!r} column", header_no)
    pid_col, cost_col = header.index("project_id"), header.index("cost")
    projects: dict[str, Project] = {}
    for lineno, line in body:
        cells = _split(line)
        if len(cells) < len(header):
            cells += [""] * (len(header) - len(cells))
        fields = {h: cells[j].strip() for j, h in enumerate(header)}
        pid = cells[pid_col].strip()
        if not pid:
            raise ParseError("empty project_id", lineno)
        if pid in projects:
            raise ParseError(f"project {pid!r} appears twice in PROJECTS", lineno)
        try:
            cost = parse_number(cells[cost_col])
        except (ValueError, ZeroDivisionError) as e:
            raise ParseError(
                f"cost of project {pid!r} is not a number: {cells[cost_col]!r}", lineno
            ) from e
        if cost < 0:
            raise ParseError(f"cost of project {pid!r} is negative", lineno)
        sel = fields.get("selected", "")
        projects[pid] = Project(
            id=pid,
            cost=cost,
            name=fields.get("name", ""),
            category=fields.get("category", fields.get("categories", "")),
            selected=None if sel == "" else sel not in ("0", "false", "False"),
            fields=fields,
        )
    if not projects:
        raise ParseError("PROJECTS is empty", header_no)
    if "num_projects" in meta and meta["num_projects"].strip() != str(len(projects)):
        warnings.append(
            ParseWarning(
                0, f"META num_projects is {meta['num_projects']} but PROJECTS has {len(projects)}"
            )
        )
    index = {pid: k for k, pid in enumerate(projects)}

    # VOTES: the big one; split fast, cache ballots by their text (many are identical).
    header_no, header, body = rows("votes")
    if "vote" not in header:
        raise ParseError("VOTES has no 'vote' column", header_no)
    vote_col = header.index("vote")
    vid_col = header.index("voter_id") if "voter_id" in header else None
    pts_col = header.index("points") if "points" in header else None
    needs_points = vote_type in ("cumulative", "scoring")
    if needs_points and pts_col is None:
        raise ParseError(f"VOTES of a {vote_type} election needs a 'points' column", header_no)
    extra_cols = [(j, h) for j, h in enumerate(header) if j not in (vote_col, vid_col, pts_col)]
    voter_fields: dict[str, list[str]] = {h: [] for _, h in extra_cols}
    voter_ids: list[str] = []
    lengths: list[int] = []
    flat: list[int] = []
    flat_values: list[float] = []
    cache: dict[str, tuple[int, ...]] = {}
    seen_voters: set[str] = set()
    empty = 0
    ncols = len(header)
    for lineno, line in body:
        cells = _split(line)
        if len(cells) < ncols:
            cells += [""] * (ncols - len(cells))
        vote_text = cells[vote_col].strip()
        ballot = cache.get(vote_text)
        if ballot is None:
            ids = [t.strip() for t in vote_text.split(",")] if vote_text else []
            out: list[int] = []
            for t in ids:
                if not t:
                    continue
                k = index.get(t)
                if k is None:
                    warnings.append(
                        ParseWarning(
                            lineno, f"vote for project {t!r}, which is not in PROJECTS (ignored)"
                        )
                    )
                    continue
                out.append(k)
            ballot = tuple(out)
            if len(set(ballot)) != len(ballot) and not needs_points:
                warnings.append(
                    ParseWarning(lineno, "the same project appears twice in a ballot (kept once)")
                )
                ballot = tuple(dict.fromkeys(ballot))
            if not needs_points and len(ids) == len(ballot):
                cache[vote_text] = (
                    ballot  # only clean ballots are cached, so every problem is reported
                )
        if needs_points:
            pts_text = cells[pts_col].strip()  # type: ignore[index]
            ids = [t.strip() for t in vote_text.split(",")] if vote_text else []
            pts = [t.strip() for t in pts_text.split(",")] if pts_text else []
            if len(pts) != len(ids):
                raise ParseError(f"{len(ids)} projects but {len(pts)} points", lineno)
            merged: dict[int, float] = {}
            for t, p in zip(ids, pts, strict=True):
                k = index.get(t)
                if k is None:
                    continue  # already reported above
                try:
                    merged[k] = merged.get(k, 0.0) + float(p.replace(",", "."))
                except ValueError as e:
                    raise ParseError(f"points {p!r} is not a number", lineno) from e
            ballot = tuple(merged)
            flat_values.extend(merged.values())
        elif vote_type == "ordinal":
            flat_values.extend(range(len(ballot)))
        if not ballot:
            empty += 1
        flat.extend(ballot)
        lengths.append(len(ballot))
        vid = cells[vid_col].strip() if vid_col is not None else str(len(voter_ids) + 1)
        if vid in seen_voters:
            warnings.append(ParseWarning(lineno, f"voter id {vid!r} appears twice"))
        seen_voters.add(vid)
        voter_ids.append(vid)
        for j, h in extra_cols:
            voter_fields[h].append(cells[j].strip())
    if empty:
        warnings.append(ParseWarning(0, f"{empty} empty ballot(s) (kept: they count as voters)"))
    if "num_votes" in meta and meta["num_votes"].strip() != str(len(voter_ids)):
        warnings.append(
            ParseWarning(
                0, f"META num_votes is {meta['num_votes']} but VOTES has {len(voter_ids)} ballots"
            )
        )
    indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(np.asarray(lengths, dtype=np.int64), out=indptr[1:])
    indices = np.asarray(flat, dtype=np.int32)
    values = (
        np.asarray(flat_values, dtype=np.float64)
        if vote_type in ("cumulative", "scoring", "ordinal")
        else None
    )
    longest = int(np.max(np.diff(indptr))) if len(lengths) else 0
    max_length = longest
    if vote_type == "ordinal" and meta.get("max_length", "").strip():
        try:
            max_length = int(meta["max_length"])
        except ValueError as e:
            raise ParseError(
                f"max_length is not an integer: {meta['max_length']!r}", meta_line["max_length"]
            ) from e
        if longest > max_length:
            raise ParseError(f"a ballot ranks {longest} projects but max_length is {max_length}")
    instance = Instance(budget=budget, projects=projects, meta=meta)
    profile = Profile(
        vote_type=vote_type,
        indptr=indptr,
        indices=indices,
        values=values,
        max_length=max_length,
        voter_ids=voter_ids,
        voter_fields=voter_fields,
    )
    return Election(instance=instance, profile=profile, warnings=warnings)


def _fmt_points(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def dumps(instance: Instance, profile: Profile) -> str:
    """The .pb text of an election; :func:`parse` of it gives the same instance and profile."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\n")
    out.write("META\n")
    w.writerow(["key", "value"])
    for k, v in instance.meta.items():
        w.writerow([k, v])
    out.write("PROJECTS\n")
    cols: list[str] = ["project_id", "cost"]
    for p in instance.projects.values():
        cols += [c for c in p.fields if c not in cols]
    w.writerow(cols)
    for p in instance.projects.values():
        row = dict(p.fields)
        row["project_id"] = p.id
        if "cost" not in row or parse_number(row["cost"]) != p.cost:
            c = p.cost
            row["cost"] = str(c.numerator) if c.denominator == 1 else str(float(c))
        w.writerow([row.get(c, "") for c in cols])
    out.write("VOTES\n")
    has_points = profile.vote_type in ("cumulative", "scoring")
    extra = list(profile.voter_fields)
    w.writerow(["voter_id", "vote", *(["points"] if has_points else []), *extra])
    ids = instance.ids
    for v in range(profile.num_voters):
        a, b = profile.indptr[v], profile.indptr[v + 1]
        row = [profile.voter_ids[v], ",".join(ids[k] for k in profile.indices[a:b])]
        if has_points:
            assert profile.values is not None
            row.append(",".join(_fmt_points(x) for x in profile.values[a:b]))
        row += [profile.voter_fields[h][v] for h in extra]
        w.writerow(row)
    return out.getvalue()


def write(instance: Instance, profile: Profile, path: str | Path) -> None:
    Path(path).write_text(dumps(instance, profile), encoding="utf-8")
