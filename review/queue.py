"""The review queue: candidate articles grouped into incidents, and reviewers' decisions
on them.

Reading for the digest and exports goes through :class:`ReviewQueue` only::

    from review.store import Store
    from review.queue import Candidate, ReviewQueue

    queue = ReviewQueue(Store("sqlite:///tmp/x.db"))
    ids = queue.add_candidates([Candidate(article, prediction, entities), ...])  # store
    records
    queue.group_new()                       # new candidate articles -> incidents
    inc = queue.incident_of_article(ids[0]) # the incident id an article landed in
    v = queue.get_incident(inc)["version"]
    queue.decide(inc, "alice@example.org", "confirm", expected_version=v,
                 changes={"counts": {"victims": {"value": 12, "qualifier": "exact"}}})
    queue.confirmed_between("2026-01-01T00:00:00+00:00", "2026-01-02T00:00:00+00:00")
    queue.pending_count({"61"}, {"contract_marriage"})
    queue.incident_summaries(status="confirmed")

``article``, ``prediction`` and ``entities`` are :mod:`review.records` values
(ArticleRecord, PredictionRecord, EntitiesRecord). ``decide`` raises ``ConflictError``
when
``expected_version`` is stale (someone else changed the incident first) and
``QueueError`` for
an action the incident's status does not allow.

Machine values (predictions, entities) are never written here. Corrections live in the
``decisions`` table and are overlaid when read: the latest decision that sets a field
wins.
"""

from __future__ import annotations

import base64
import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import sqlalchemy as sa

from review.exceptions import ConflictError, StoreError
from review.grouping import Doc, Grouper, GroupingParams, parse_day
from review.queue_schema import (
    STATUSES,
    decisions,
    grouping_signatures,
    incident_articles,
    incident_facets,
    incidents,
)
from review.records import (
    MODUS,
    ArticleRecord,
    EntitiesRecord,
    IncidentSummary,
    PredictionRecord,
)
from review.schema import articles, entities, predictions
from review.store import Store

logger = logging.getLogger(__name__)

KINDS = ("incident", "context")
ROLES_OF_PLACE = ("origin", "transit", "destination", "event", "dateline")
COUNT_KEYS = ("victims", "suspects", "cases")
QUALIFIERS = ("exact", "at_least", "approx")
OPEN = ("new", "in_review")

# which role may take which action; a higher role may do everything a lower one may
ACTION_ROLE = {
    "edit": "reviewer",
    "review": "reviewer",
    "confirm": "reviewer",
    "reject": "reviewer",
    "duplicate": "reviewer",
    "merge": "coordinator",
    "split": "coordinator",
    "reopen": "coordinator",
}
ROLE_RANK = {"reviewer": 1, "coordinator": 2, "admin": 3}

# status an action may start from -> status it leaves
_TRANSITIONS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "edit": (OPEN, "in_review"),
    "review": (OPEN, "in_review"),
    "confirm": (OPEN, "confirmed"),
    "reject": (OPEN, "rejected"),
    "duplicate": (OPEN, "duplicate"),
    "merge": (("new", "in_review", "confirmed"), None),
    "split": (("new", "in_review", "confirmed"), None),
    "reopen": (("confirmed", "rejected", "duplicate"), "in_review"),
}


class QueueError(StoreError):
    """A decision the queue refuses: unknown incident, action not allowed in this
    status,
    or a correction that does not validate. The message is meant for the reviewer."""


def role_allows(role: str, action: str) -> bool:
    """True when ``role`` may take ``action`` (admins and coordinators inherit lower roles)."""
    need = ACTION_ROLE.get(action)
    return need is not None and ROLE_RANK.get(role, 0) >= ROLE_RANK[need]


@dataclass(frozen=True)
class Candidate:
    """One article with what the machine derived from it, as handed to ``add_candidates``."""

    article: ArticleRecord
    prediction: PredictionRecord | None = None
    entities: EntitiesRecord | None = None


@dataclass(frozen=True)
class GroupingReport:
    articles: int
    new_incidents: int
    joined_existing: int
    relations: dict[str, int]
    seconds: float


@dataclass
class QueueQuery:
    """A queue page request. ``status`` is a status name, ``"pending"`` (new + in
    review) or
    ``"all"``; ``cursor`` is the opaque value of the previous page's ``next_cursor``."""

    status: str = "pending"
    province: str | None = None
    modus: str | None = None
    outlet: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "score"  # score | score_asc | uncertain | newest | oldest | id
    cursor: str | None = None
    limit: int = 50


@dataclass
class QueuePage:
    items: list[dict[str, Any]]
    next_cursor: str | None
    total: int
    query: QueueQuery = field(repr=False, default_factory=QueueQuery)


_SORTS: dict[str, tuple[str, bool]] = {
    "score": ("score", True),
    "score_asc": ("score", False),
    "uncertain": ("uncertainty", False),
    "newest": ("first_published", True),
    "oldest": ("first_published", False),
    "id": ("id", False),
}


def utc_iso(value: str | datetime | None = None) -> str:
    """An instant as ``YYYY-MM-DDTHH:MM:SS+00:00`` so stored times compare as strings.

    A naive input is taken as UTC. Raises ValueError for an unparseable string.
    """
    if value is None:
        dt = datetime.now(UTC)
    elif isinstance(value, datetime):
        dt = value
    else:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).isoformat(timespec="seconds")


def province_of(code: str | None) -> str | None:
    """The province part of a Kemendagri code ("61.72" -> "61"); None for countries / no code."""
    if not code or not code[0].isdigit():
        return None
    return code.split(".")[0]


class ReviewQueue:
    """Grouping, listing and deciding incidents over a :class:`review.store.Store`.

    ``threshold`` is the classifier's decision threshold (uncertainty = |score -
    threshold|); ``min_score`` (default: half the threshold) admits articles below the
    threshold as candidates so reviewers see the borderline ones too. ``clock`` returns
    "now" (tests freeze it).
    """

    def __init__(
        self,
        store: Store,
        *,
        threshold: float = 0.5,
        min_score: float | None = None,
        params: GroupingParams | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.store = store
        self.engine = store.engine
        self.threshold = threshold
        # below-threshold articles near it are the most informative to review (active
        # learning), so half the threshold by default
        self.min_score = threshold / 2 if min_score is None else min_score
        self.params = params or GroupingParams()
        self._clock = clock or (lambda: datetime.now(UTC))

    def _now(self) -> str:
        return utc_iso(self._clock())

    # -- intake
    # ---------------------------------------------------------------------------

    def add_candidates(self, items: Iterable[Candidate]) -> list[int]:
        """Store articles with their prediction and entities; returns the article ids.

        The crawler does the same through the store; this is for tests, fixtures and
        imports.
        """
        ids: list[int] = []
        for item in items:
            article_id, _ = self.store.upsert_article(item.article)
            if item.prediction is not None:
                self.store.save_prediction(article_id, item.prediction)
            if item.entities is not None:
                self.store.save_entities(article_id, item.entities)
            ids.append(article_id)
        return ids

    def _ungrouped(self, conn: sa.Connection, limit: int | None) -> list[Any]:
        query = (
            sa.select(
                articles.c.id,
                articles.c.title,
                articles.c.text,
                articles.c.url,
                articles.c.published,
                articles.c.duplicate_of,
            )
            .join(predictions, predictions.c.article_id == articles.c.id)
            .outerjoin(
                incident_articles, incident_articles.c.article_id == articles.c.id
            )
            .where(incident_articles.c.article_id.is_(None))
            .where(
                sa.or_(
                    predictions.c.is_tppo.is_(True),
                    predictions.c.tppo_score >= self.min_score,
                )
            )
            .order_by(sa.func.coalesce(articles.c.published, "9999"), articles.c.id)
        )
        if limit:
            query = query.limit(limit)
        return list(conn.execute(query).all())

    def group_new(self, *, limit: int | None = None) -> GroupingReport:
        """Group candidate articles that are in no incident yet; returns what happened.

        New articles join an existing incident when they are a copy, a near-duplicate or
        another outlet's report of the same event; otherwise they open a new incident
        (linked
        by ``follow_up_of`` when they continue an earlier one). Safe to re-run: grouped
        articles are skipped.
        """
        started = datetime.now(UTC)
        with self.engine.connect() as conn:
            rows = self._ungrouped(conn, limit)
        if not rows:
            return GroupingReport(0, 0, 0, {}, 0.0)
        new_docs = [
            Doc(r.id, r.title, r.text, r.url, parse_day(r.published), r.duplicate_of)
            for r in rows
        ]
        grouper = Grouper(self.params)
        self._seed(grouper, new_docs)
        grouper.observe(new_docs)
        placed: list[tuple[Doc, Any]] = []
        for doc in new_docs:
            placed.append((doc, grouper.place(doc)))
        report = self._write_groups(grouper, placed)
        seconds = (datetime.now(UTC) - started).total_seconds()
        return GroupingReport(
            report[0], report[1], report[2], report[3], round(seconds, 3)
        )

    def _copy_window(self, new_docs: Sequence[Doc]) -> list[Any]:
        """Signatures worth loading: undated ones and those within ``near_dup_days`` of the
        new articles, so a daily run does not rebuild the LSH index of the whole archive."""
        days = [d.published for d in new_docs if d.published]
        if not days or any(d.published is None for d in new_docs):
            return []
        lo = (min(days) - timedelta(days=self.params.near_dup_days)).isoformat()
        return [
            sa.or_(
                grouping_signatures.c.published.is_(None),
                grouping_signatures.c.published >= lo,
            )
        ]

    def _seed(self, grouper: Grouper, new_docs: Sequence[Doc]) -> None:
        """Load earlier grouped articles: all signatures (copies can come years later),
        and
        the full lead of those published near the new ones (for same-event matching)."""
        days = [d.published for d in new_docs if d.published]
        window = timedelta(days=self.params.follow_up_days)
        lo = (min(days) - window).isoformat() if days else None
        hi = (
            (max(days) + timedelta(days=self.params.event_window_days + 1)).isoformat()
            if days
            else None
        )
        with self.engine.connect() as conn:
            sigs = conn.execute(
                sa.select(
                    grouping_signatures.c.article_id,
                    grouping_signatures.c.minhash,
                    incident_articles.c.incident_id,
                    articles.c.url,
                )
                .join(
                    incident_articles,
                    incident_articles.c.article_id == grouping_signatures.c.article_id,
                )
                .join(articles, articles.c.id == grouping_signatures.c.article_id)
                .where(*self._copy_window(new_docs))
            ).all()
            near = sa.select(
                articles.c.id,
                articles.c.title,
                articles.c.text,
                articles.c.url,
                articles.c.published,
            ).join(incident_articles, incident_articles.c.article_id == articles.c.id)
            if lo and hi:
                near = near.where(
                    sa.or_(
                        articles.c.published.is_(None),
                        sa.and_(articles.c.published >= lo, articles.c.published < hi),
                    )
                )
            texts = {r.id: r for r in conn.execute(near).all()}
        for article_id, blob, incident_id, url in sigs:
            sig = np.frombuffer(blob, dtype=np.uint32).copy()
            row = texts.get(article_id)
            if row is not None:
                doc = Doc(
                    article_id,
                    row.title,
                    row.text,
                    row.url,
                    parse_day(row.published),
                    sig=sig,
                )
                grouper.observe([doc])
            else:
                # an old article outside the window: only its signature and URL matter
                doc = Doc(article_id, "", "", url, None, sig=sig, terms={"\x00"})
            grouper.seed(doc, -incident_id)

    def _machine_rows(
        self, conn: sa.Connection, ids: list[int]
    ) -> dict[int, dict[str, Any]]:
        """Source dicts (as ``_sources`` returns them) for many articles, read in chunks."""
        out: dict[int, dict[str, Any]] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            rows = conn.execute(
                sa.select(*_SOURCE_ARTICLE, *_SOURCE_MACHINE)
                .outerjoin(predictions, predictions.c.article_id == articles.c.id)
                .outerjoin(entities, entities.c.article_id == articles.c.id)
                .where(articles.c.id.in_(chunk))
            ).all()
            for r in rows:
                m = _source(r)
                out[m["article_id"]] = m
        return out

    def _write_groups(
        self, grouper: Grouper, placed: list[tuple[Doc, Any]]
    ) -> tuple[int, int, int, dict[str, int]]:
        """Write a grouping run in bulk: new incidents with their cached values in one
        executemany, sources, signatures and facets likewise; earlier incidents that
        gained a
        source are refreshed one by one and get a "group" line in their history."""
        now = self._now()
        relations: Counter[str] = Counter(m.relation for _, m in placed)
        members: dict[int, list[tuple[Doc, Any]]] = {}
        for doc, match in placed:
            members.setdefault(grouper.group_of[doc.id], []).append((doc, match))
        new_keys = [k for k in members if k > 0]
        joined = sum(len(v) for k, v in members.items() if k < 0)
        with self.engine.begin() as conn:
            rows = self._machine_rows(conn, [d.id for d, _ in placed])
            key_to_incident: dict[int, int] = {}
            # a new group's key is the id of its first document: create them in that
            # order
            position = {doc.id: i for i, (doc, _) in enumerate(placed)}
            new_keys.sort(key=lambda k: position[k])
            pending_facets: list[dict[str, Any]] = []
            batch: list[tuple[int, dict[str, Any], list[tuple[str, str]]]] = []
            for key in new_keys:
                group = members[key]
                sources = []
                for doc, match in group:
                    src = dict(rows[doc.id])
                    src["relation"] = match.relation
                    src["similarity"] = match.similarity
                    sources.append(src)
                values, facets = self._cache(sources, {})
                batch.append((key, values, facets))
            inserted = (
                conn.execute(
                    incidents.insert().returning(
                        incidents.c.id, sort_by_parameter_order=True
                    ),
                    [
                        {
                            "status": "new",
                            "is_open": 1,
                            "version": 1,
                            "created_at": now,
                            "updated_at": now,
                            "headline": "",
                            **values,
                        }
                        for _, values, _ in batch
                    ],
                )
                .scalars()
                .all()
                if batch
                else []
            )
            for (key, _, facets), incident_id in zip(batch, inserted, strict=True):
                key_to_incident[key] = incident_id
                pending_facets += [
                    {"incident_id": incident_id, "facet": f, "value": v}
                    for f, v in facets
                ]
            follow_updates = []
            for key in new_keys:
                first_match = members[key][0][1]
                f = first_match.follow_up_of
                if f is not None:
                    target = -f if f < 0 else key_to_incident.get(f)
                    if target is not None and target != key_to_incident[key]:
                        follow_updates.append(
                            {"b_id": key_to_incident[key], "b_f": target}
                        )
            if follow_updates:
                conn.execute(
                    incidents.update()
                    .where(incidents.c.id == sa.bindparam("b_id"))
                    .values(follow_up_of=sa.bindparam("b_f")),
                    follow_updates,
                )
            links, sigs, audit = [], [], []
            for key, group in members.items():
                incident_id = -key if key < 0 else key_to_incident[key]
                for doc, match in group:
                    links.append(
                        {
                            "article_id": doc.id,
                            "incident_id": incident_id,
                            "relation": "original"
                            if match.relation == "follow_up"
                            else match.relation,
                            "similarity": match.similarity,
                            "added_at": now,
                        }
                    )
                    assert doc.sig is not None
                    sigs.append(
                        {
                            "article_id": doc.id,
                            "minhash": doc.sig.astype(np.uint32).tobytes(),
                            "published": doc.published.isoformat()
                            if doc.published
                            else None,
                        }
                    )
                    if key < 0:
                        audit.append(
                            {
                                "incident_id": incident_id,
                                "actor": "pantau group",
                                "action": "group",
                                "changes": json.dumps(
                                    {
                                        "added_article": doc.id,
                                        "relation": match.relation,
                                        "similarity": match.similarity,
                                    }
                                ),
                                "version": self._version(conn, incident_id),
                                "created_at": now,
                            }
                        )
            if links:
                conn.execute(incident_articles.insert(), links)
                conn.execute(grouping_signatures.insert(), sigs)
            if pending_facets:
                conn.execute(incident_facets.insert(), pending_facets)
            if audit:
                conn.execute(decisions.insert(), audit)
            for key in members:
                if key < 0:
                    self._refresh(conn, -key)
        return len(placed), len(new_keys), joined, dict(relations)

    @staticmethod
    def _version(conn: sa.Connection, incident_id: int) -> int:
        return int(
            conn.execute(
                sa.select(incidents.c.version).where(incidents.c.id == incident_id)
            ).scalar_one()
        )

    # -- machine values, corrections, effective values
    # ----------------------------------------

    def _sources(
        self, conn: sa.Connection, incident_id: int, *, with_text: bool = False
    ) -> list[dict[str, Any]]:
        cols = [
            *_SOURCE_ARTICLE,
            incident_articles.c.relation,
            incident_articles.c.similarity,
            *_SOURCE_MACHINE,
        ]
        if with_text:
            cols.append(articles.c.text)
        rows = conn.execute(
            sa.select(*cols)
            .join(incident_articles, incident_articles.c.article_id == articles.c.id)
            .outerjoin(predictions, predictions.c.article_id == articles.c.id)
            .outerjoin(entities, entities.c.article_id == articles.c.id)
            .where(incident_articles.c.incident_id == incident_id)
            .order_by(sa.func.coalesce(articles.c.published, "9999"), articles.c.id)
        ).all()
        return [_source(r) for r in rows]

    def _machine(self, sources: list[dict[str, Any]]) -> dict[str, Any]:
        """Machine view of an incident: the best-scoring source's fields, modus from all."""
        if not sources:
            return {
                "kind": None,
                "modus": [],
                "locations": [],
                "counts": {},
                "headline": "",
                "score": 0.0,
                "representative_id": None,
                "evidence": [],
            }
        rep = max(sources, key=lambda s: ((s["tppo_score"] or 0.0), -s["article_id"]))
        modus_votes: Counter[str] = Counter(m for s in sources for m in s["modus"])
        return {
            "kind": rep["kind"],
            "modus": [m for m, _ in modus_votes.most_common()],
            "locations": [_clean_location(loc) for loc in rep["locations"]],
            "counts": {
                k: {"value": v.get("value"), "qualifier": v.get("qualifier", "exact")}
                for k, v in rep["counts"].items()
                if isinstance(v, dict)
            },
            "headline": rep["title"],
            "score": float(rep["tppo_score"] or 0.0),
            "representative_id": rep["article_id"],
            "evidence": rep["evidence"],
        }

    @staticmethod
    def _corrections(conn: sa.Connection, incident_id: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for (changes,) in conn.execute(
            sa.select(decisions.c.changes)
            .where(decisions.c.incident_id == incident_id)
            .where(decisions.c.action != "group")
            .order_by(decisions.c.id)
        ):
            for key, value in json.loads(changes or "{}").items():
                if key in ("kind", "modus", "locations", "counts", "headline"):
                    out[key] = value
        return out

    def _cache(
        self, sources: list[dict[str, Any]], corrections: dict[str, Any]
    ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """Incident column values and facet rows from sources and corrections (pure)."""
        machine = self._machine(sources)
        eff = {**machine, **corrections}
        provinces = sorted(
            {p for loc in eff["locations"] if (p := province_of(loc.get("code")))}
        )
        outlets = sorted({s["outlet"] for s in sources})
        dates = sorted(s["published"] for s in sources if s["published"])
        victims = (eff["counts"].get("victims") or {}).get("value")
        score = machine["score"]
        headline = eff.get("headline") or machine["headline"]
        values = {
            **({"headline": headline[:500]} if headline else {}),
            "representative_id": machine["representative_id"],
            "score": score,
            "uncertainty": round(abs(score - self.threshold), 6),
            "first_published": dates[0] if dates else "",
            "source_count": len(sources),
            "eff_kind": eff["kind"],
            "eff_modus": "," + ",".join(eff["modus"]) + "," if eff["modus"] else "",
            "eff_provinces": "," + ",".join(provinces) + "," if provinces else "",
            "eff_outlets": "," + ",".join(outlets) + "," if outlets else "",
            "eff_victims": victims if isinstance(victims, int) else None,
        }
        facets = (
            [("province", p) for p in provinces]
            + [("modus", m) for m in eff["modus"]]
            + [("outlet", o[:100]) for o in outlets]
        )
        return values, list(dict.fromkeys(facets))

    def _refresh(self, conn: sa.Connection, incident_id: int) -> None:
        """Recompute the machine aggregates and the eff_* / facet cache of one incident."""
        values, facets = self._cache(
            self._sources(conn, incident_id), self._corrections(conn, incident_id)
        )
        conn.execute(
            incidents.update().where(incidents.c.id == incident_id).values(**values)
        )
        conn.execute(
            incident_facets.delete().where(incident_facets.c.incident_id == incident_id)
        )
        if facets:
            conn.execute(
                incident_facets.insert(),
                [
                    {"incident_id": incident_id, "facet": f, "value": v}
                    for f, v in facets
                ],
            )

    # -- reading
    # --------------------------------------------------------------------------

    def incident_of_article(self, article_id: int) -> int | None:
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(incident_articles.c.incident_id).where(
                    incident_articles.c.article_id == article_id
                )
            ).scalar()

    def get_incident(self, incident_id: int) -> dict[str, Any] | None:
        """Everything the incident page shows: row, sources with text, machine values,
        corrections, effective values, history, follow-ups. None when there is no such id."""
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(incidents).where(incidents.c.id == incident_id)
            ).first()
            if row is None:
                return None
            sources = self._sources(conn, incident_id, with_text=True)
            machine = self._machine(sources)
            corrections = self._corrections(conn, incident_id)
            follow_ups = list(
                conn.execute(
                    sa.select(incidents.c.id, incidents.c.headline).where(
                        incidents.c.follow_up_of == incident_id
                    )
                )
            )
            history = self._history(conn, incident_id)
        out = dict(row._mapping)
        out.update(
            sources=sources,
            machine=machine,
            corrections=corrections,
            effective={
                **{
                    k: machine[k]
                    for k in ("kind", "modus", "locations", "counts", "headline")
                },
                **corrections,
            },
            follow_ups=[{"id": f.id, "headline": f.headline} for f in follow_ups],
            history=history,
        )
        return out

    @staticmethod
    def _history(conn: sa.Connection, incident_id: int) -> list[dict[str, Any]]:
        rows = conn.execute(
            sa.select(decisions)
            .where(decisions.c.incident_id == incident_id)
            .order_by(decisions.c.id)
        ).all()
        out = []
        for r in rows:
            m = dict(r._mapping)
            m["changes"] = json.loads(m["changes"] or "{}")
            out.append(m)
        return out

    def history(self, incident_id: int) -> list[dict[str, Any]]:
        """The audit trail of one incident, oldest first."""
        with self.engine.connect() as conn:
            return self._history(conn, incident_id)

    def _filters(self, q: QueueQuery) -> list[Any]:
        where: list[Any] = []
        if q.status == "pending":
            where.append(incidents.c.is_open == 1)
        elif q.status in STATUSES:
            where.append(incidents.c.status == q.status)
        elif q.status != "all":
            raise QueueError(f"unknown status {q.status!r}")
        for facet, value in (
            ("province", q.province),
            ("modus", q.modus),
            ("outlet", q.outlet),
        ):
            if value:
                sub = sa.select(incident_facets.c.incident_id).where(
                    incident_facets.c.facet == facet, incident_facets.c.value == value
                )
                where.append(incidents.c.id.in_(sub))
        if q.date_from:
            where.append(incidents.c.first_published >= q.date_from)
        if q.date_to:
            where.append(incidents.c.first_published < q.date_to + "\uffff")
        return where

    def list_incidents(self, q: QueueQuery) -> QueuePage:
        """One page of the queue, keyset-paged: cost does not grow with the page number."""
        if q.sort not in _SORTS:
            raise QueueError(f"unknown sort {q.sort!r}")
        col_name, desc = _SORTS[q.sort]
        col = incidents.c[col_name]
        limit = max(1, min(q.limit, 500))
        where = self._filters(q)
        query = sa.select(
            incidents.c.id,
            incidents.c.status,
            incidents.c.headline,
            incidents.c.score,
            incidents.c.uncertainty,
            incidents.c.first_published,
            incidents.c.source_count,
            incidents.c.eff_kind,
            incidents.c.eff_modus,
            incidents.c.eff_provinces,
            incidents.c.eff_outlets,
            incidents.c.eff_victims,
            incidents.c.version,
            incidents.c.follow_up_of,
            incidents.c.status_by,
            incidents.c.status_at,
        ).where(*where)
        if q.cursor:
            value, last_id = _decode_cursor(q.cursor)
            key = sa.tuple_(col, incidents.c.id) if col_name != "id" else None
            if key is None:
                query = query.where(incidents.c.id > last_id)
            elif desc:
                query = query.where(
                    key < sa.tuple_(sa.literal(value), sa.literal(last_id))
                )
            else:
                query = query.where(
                    key > sa.tuple_(sa.literal(value), sa.literal(last_id))
                )
        order = (
            [col.desc(), incidents.c.id.desc()]
            if desc
            else [col.asc(), incidents.c.id.asc()]
        )
        if col_name == "id":
            order = [incidents.c.id.asc()]
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(*order).limit(limit + 1)).all()
            total = int(
                conn.execute(
                    sa.select(sa.func.count()).select_from(incidents).where(*where)
                ).scalar_one()
            )
        items = [_listing(r) for r in rows[:limit]]
        next_cursor = None
        if len(rows) > limit:
            last = rows[limit - 1]
            next_cursor = _encode_cursor(getattr(last, col_name), last.id)
        return QueuePage(items, next_cursor, total, q)

    def next_after(self, incident_id: int, q: QueueQuery) -> int | None:
        """The incident after ``incident_id`` in the order and filters of ``q`` (None at
        the
        end). Works when ``incident_id`` itself no longer matches (just confirmed)."""
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(incidents).where(incidents.c.id == incident_id)
            ).first()
        if row is None:
            return None
        col = _SORTS.get(q.sort, _SORTS["score"])[0]
        nxt = QueueQuery(
            status=q.status,
            province=q.province,
            modus=q.modus,
            outlet=q.outlet,
            date_from=q.date_from,
            date_to=q.date_to,
            sort=q.sort,
            limit=1,
            cursor=_encode_cursor(getattr(row, col), incident_id),
        )
        items = self.list_incidents(nxt).items
        return int(items[0]["id"]) if items else None

    def facet_values(self, facet: str) -> list[tuple[str, int]]:
        """Distinct values of a facet (province / modus / outlet) with incident counts."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(incident_facets.c.value, sa.func.count())
                .where(incident_facets.c.facet == facet)
                .group_by(incident_facets.c.value)
                .order_by(incident_facets.c.value)
            ).all()
        return [(v, int(n)) for v, n in rows]

    def pending_count(
        self, province_codes: set[str] | None = None, modus: set[str] | None = None
    ) -> int:
        """Incidents still new or in review, optionally within provinces and/or modus."""
        query = (
            sa.select(sa.func.count())
            .select_from(incidents)
            .where(incidents.c.is_open == 1)
        )
        for facet, values in (("province", province_codes), ("modus", modus)):
            if values:
                query = query.where(
                    incidents.c.id.in_(
                        sa.select(incident_facets.c.incident_id).where(
                            incident_facets.c.facet == facet,
                            incident_facets.c.value.in_(sorted(values)),
                        )
                    )
                )
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def incident_summaries(
        self,
        status: str | None = None,
        *,
        confirmed_from: str | None = None,
        confirmed_to: str | None = None,
        ids: Iterable[int] | None = None,
    ) -> list[IncidentSummary]:
        """Incidents as the digest and exports read them, oldest confirmation / id
        first.

        ``status`` None means every status; ``confirmed_from`` / ``confirmed_to`` bound
        ``confirmed_at`` (UTC ISO, half-open).
        """
        query = sa.select(incidents.c.id)
        if status is not None:
            query = query.where(incidents.c.status == status)
        if confirmed_from:
            query = query.where(incidents.c.confirmed_at >= utc_iso(confirmed_from))
        if confirmed_to:
            query = query.where(incidents.c.confirmed_at < utc_iso(confirmed_to))
        if ids is not None:
            query = query.where(incidents.c.id.in_(list(ids)))
        query = query.order_by(
            sa.func.coalesce(incidents.c.confirmed_at, ""), incidents.c.id
        )
        out: list[IncidentSummary] = []
        with self.engine.connect() as conn:
            for (incident_id,) in conn.execute(query).all():
                out.append(self._summary(conn, incident_id))
        return out

    def confirmed_between(
        self, start_utc_iso: str, end_utc_iso: str
    ) -> list[IncidentSummary]:
        """Incidents confirmed in [start, end) with corrections applied and all sources."""
        return self.incident_summaries(
            "confirmed", confirmed_from=start_utc_iso, confirmed_to=end_utc_iso
        )

    def _summary(self, conn: sa.Connection, incident_id: int) -> IncidentSummary:
        row = conn.execute(
            sa.select(incidents).where(incidents.c.id == incident_id)
        ).one()
        sources = self._sources(conn, incident_id)
        eff = {**self._machine(sources), **self._corrections(conn, incident_id)}
        locations = tuple(_clean_location(loc) for loc in eff["locations"])
        provinces = tuple(
            sorted({p for loc in locations if (p := province_of(loc.get("code")))})
        )
        return IncidentSummary(
            id=row.id,
            headline=row.headline,
            status=row.status,
            kind=eff["kind"],
            modus=tuple(eff["modus"]),
            locations=locations,
            province_codes=provinces,
            counts=dict(eff["counts"]),
            sources=tuple(
                {
                    "article_id": s["article_id"],
                    "url": s["url"],
                    "outlet": s["outlet"],
                    "title": s["title"],
                    "published": s["published"],
                }
                for s in sources
            ),
            first_published=row.first_published or None,
            confirmed_at=row.confirmed_at,
            confirmed_by=row.confirmed_by,
            follow_up_of=row.follow_up_of,
            path=f"/incidents/{row.id}",
        )

    def stats(self) -> dict[str, Any]:
        """Dashboard figures over confirmed incidents: by month, province and modus."""
        with self.engine.connect() as conn:
            status_counts = dict(
                conn.execute(
                    sa.select(incidents.c.status, sa.func.count()).group_by(
                        incidents.c.status
                    )
                ).all()
            )
            month = sa.func.substr(incidents.c.first_published, 1, 7)
            confirmed = incidents.c.status == "confirmed"
            by_month = conn.execute(
                sa.select(
                    month,
                    sa.func.count(),
                    sa.func.coalesce(sa.func.sum(incidents.c.eff_victims), 0),
                )
                .where(confirmed)
                .group_by(month)
                .order_by(month)
            ).all()
            by_facet: dict[str, list[tuple[str, int, int]]] = {}
            for facet in ("province", "modus"):
                by_facet[facet] = [
                    tuple(r)
                    for r in conn.execute(  # type: ignore[misc]
                        sa.select(
                            incident_facets.c.value,
                            sa.func.count(),
                            sa.func.coalesce(sa.func.sum(incidents.c.eff_victims), 0),
                        )
                        .join(
                            incidents, incidents.c.id == incident_facets.c.incident_id
                        )
                        .where(confirmed, incident_facets.c.facet == facet)
                        .group_by(incident_facets.c.value)
                        .order_by(sa.func.count().desc())
                    ).all()
                ]
        return {
            "status_counts": {k: int(v) for k, v in status_counts.items()},
            "by_month": [
                {"month": m or "unknown", "incidents": int(n), "victims": int(v)}
                for m, n, v in by_month
            ],
            "by_province": [
                {"code": c, "incidents": int(n), "victims": int(v)}
                for c, n, v in by_facet["province"]
            ],
            "by_modus": [
                {"modus": c, "incidents": int(n), "victims": int(v)}
                for c, n, v in by_facet["modus"]
            ],
        }

    # -- decisions
    # ------------------------------------------------------------------------

    def decide(
        self,
        incident_id: int,
        actor: str,
        action: str,
        *,
        expected_version: int,
        changes: dict[str, Any] | None = None,
        note: str | None = None,
        target_id: int | None = None,
        article_ids: Sequence[int] | None = None,
    ) -> int:
        """Apply one reviewer action; returns the incident's new version.

        Raises ConflictError when ``expected_version`` is not the current version, and
        QueueError for an unknown incident or action, a status that does not allow the
        action,
        or corrections that do not validate.
        """
        if action not in _TRANSITIONS:
            raise QueueError(f"unknown action {action!r}")
        clean = validate_changes(changes or {})
        allowed_from, to_status = _TRANSITIONS[action]
        now = self._now()
        with self.engine.begin() as conn:
            row = conn.execute(
                sa.select(incidents)
                .where(incidents.c.id == incident_id)
                .with_for_update()
            ).first()
            if row is None:
                raise QueueError(f"incident {incident_id} does not exist")
            if row.version != expected_version:
                raise ConflictError(
                    f"incident {incident_id} was changed by {row.status_by or 'someone else'} "
                    f"at {row.status_at or row.updated_at} (version {row.version}, you edited "
                    f"version {expected_version}); reload it to see their changes"
                )
            if row.status not in allowed_from:
                raise QueueError(f"cannot {action} an incident that is {row.status}")
            if action == "edit" and not clean and not note:
                raise QueueError("nothing to save")
            extra: dict[str, Any] = {}
            if action in ("duplicate", "merge"):
                extra = self._link(conn, row, action, target_id, actor, now)
            elif action == "split":
                extra = self._split(conn, row, article_ids or (), actor, now)
            new_status = to_status or row.status
            if action == "edit" and row.status == "new":
                new_status = "in_review"
            elif action == "edit":
                new_status = row.status
            new_version = row.version + 1
            values: dict[str, Any] = {
                "status": new_status,
                "is_open": int(new_status in OPEN),
                "version": new_version,
                "status_by": actor,
                "status_at": now,
                "updated_at": now,
            }
            if new_status == "confirmed" and row.status != "confirmed":
                values.update(confirmed_by=actor, confirmed_at=now)
            if action == "reopen":
                values.update(confirmed_by=None, confirmed_at=None, duplicate_of=None)
            if action == "duplicate":
                values["duplicate_of"] = target_id
            # guarded update: a concurrent writer that slipped past the read loses here
            done = conn.execute(
                incidents.update()
                .where(
                    incidents.c.id == incident_id,
                    incidents.c.version == expected_version,
                )
                .values(**values)
            ).rowcount
            if done != 1:
                raise ConflictError(
                    f"incident {incident_id} was changed meanwhile; reload it"
                )
            conn.execute(
                decisions.insert().values(
                    incident_id=incident_id,
                    actor=actor,
                    action=action,
                    from_status=row.status,
                    to_status=new_status,
                    changes=json.dumps({**clean, **extra}, ensure_ascii=False),
                    note=(note or None),
                    version=new_version,
                    created_at=now,
                )
            )
            self._refresh(conn, incident_id)
        return new_version

    def _link(
        self,
        conn: sa.Connection,
        row: Any,
        action: str,
        target_id: int | None,
        actor: str,
        now: str,
    ) -> dict[str, Any]:
        if target_id is None or target_id == row.id:
            raise QueueError(f"{action} needs another incident's id")
        other = conn.execute(
            sa.select(incidents).where(incidents.c.id == target_id)
        ).first()
        if other is None:
            raise QueueError(f"incident {target_id} does not exist")
        if action == "duplicate":
            return {"duplicate_of": target_id}
        # merge: move the other incident's sources into this one; it becomes a duplicate
        if other.status == "duplicate":
            raise QueueError(f"incident {target_id} is already a duplicate")
        moved = [
            a
            for (a,) in conn.execute(
                sa.select(incident_articles.c.article_id).where(
                    incident_articles.c.incident_id == target_id
                )
            )
        ]
        conn.execute(
            incident_articles.update()
            .where(incident_articles.c.incident_id == target_id)
            .values(incident_id=row.id, relation="moved", added_at=now)
        )
        conn.execute(
            incidents.update()
            .where(incidents.c.id == target_id)
            .values(
                status="duplicate",
                is_open=0,
                duplicate_of=row.id,
                version=other.version + 1,
                status_by=actor,
                status_at=now,
                updated_at=now,
            )
        )
        conn.execute(
            decisions.insert().values(
                incident_id=target_id,
                actor=actor,
                action="merge",
                from_status=other.status,
                to_status="duplicate",
                changes=json.dumps({"merged_into": row.id, "moved_articles": moved}),
                version=other.version + 1,
                created_at=now,
            )
        )
        self._refresh(conn, target_id)
        return {"merged_from": target_id, "moved_articles": moved}

    def _split(
        self,
        conn: sa.Connection,
        row: Any,
        article_ids: Sequence[int],
        actor: str,
        now: str,
    ) -> dict[str, Any]:
        members = {
            a
            for (a,) in conn.execute(
                sa.select(incident_articles.c.article_id).where(
                    incident_articles.c.incident_id == row.id
                )
            )
        }
        chosen = sorted({int(a) for a in article_ids})
        if not chosen or not set(chosen) <= members:
            raise QueueError("choose sources of this incident to split off")
        if set(chosen) == members:
            raise QueueError("leave at least one source in this incident")
        new_id = conn.execute(
            incidents.insert()
            .values(
                status="new",
                is_open=1,
                headline=row.headline,
                representative_id=chosen[0],
                created_at=now,
                updated_at=now,
                version=1,
            )
            .returning(incidents.c.id)
        ).scalar_one()
        conn.execute(
            incident_articles.update()
            .where(incident_articles.c.article_id.in_(chosen))
            .values(incident_id=new_id, relation="moved", added_at=now)
        )
        conn.execute(
            decisions.insert().values(
                incident_id=new_id,
                actor=actor,
                action="split",
                from_status=None,
                to_status="new",
                changes=json.dumps({"split_from": row.id, "moved_articles": chosen}),
                version=1,
                created_at=now,
            )
        )
        self._refresh(conn, new_id)
        return {"split_into": new_id, "moved_articles": chosen}


# -- validation and helpers
# ------------------------------------------------------------------


def _clean_location(loc: dict[str, Any]) -> dict[str, Any]:
    keep = ("name", "code", "level", "role", "lat", "lon", "start", "end")
    return {k: loc.get(k) for k in keep if k in loc}


def validate_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """Check reviewer corrections; returns the cleaned dict or raises QueueError."""
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "kind":
            if value not in (*KINDS, None):
                raise QueueError(f"kind must be one of {', '.join(KINDS)}")
            out[key] = value
        elif key == "modus":
            if not isinstance(value, list) or any(m not in MODUS for m in value):
                raise QueueError(f"modus must be a list of {', '.join(MODUS)}")
            out[key] = list(dict.fromkeys(value))
        elif key == "headline":
            if not isinstance(value, str) or not value.strip():
                raise QueueError("headline must be non-empty text")
            out[key] = value.strip()[:500]
        elif key == "counts":
            if not isinstance(value, dict):
                raise QueueError("counts must be an object")
            counts: dict[str, Any] = {}
            for name, c in value.items():
                if name not in COUNT_KEYS or not isinstance(c, dict):
                    raise QueueError(f"counts keys are {', '.join(COUNT_KEYS)}")
                v = c.get("value")
                if isinstance(v, str) and v.strip().isdigit():
                    v = int(v.strip())
                if (
                    not isinstance(v, int)
                    or isinstance(v, bool)
                    or not 0 <= v <= 10_000_000
                ):
                    raise QueueError(f"{name} must be a whole number >= 0")
                q = c.get("qualifier") or "exact"
                if q not in QUALIFIERS:
                    raise QueueError(
                        f"qualifier must be one of {', '.join(QUALIFIERS)}"
                    )
                counts[name] = {"value": v, "qualifier": q}
            out[key] = counts
        elif key == "locations":
            if not isinstance(value, list) or len(value) > 50:
                raise QueueError("locations must be a list (at most 50)")
            locs = []
            for loc in value:
                if not isinstance(loc, dict) or not str(loc.get("name") or "").strip():
                    raise QueueError("every location needs a name")
                role = loc.get("role") or "event"
                if role not in ROLES_OF_PLACE:
                    raise QueueError(f"role must be one of {', '.join(ROLES_OF_PLACE)}")
                item: dict[str, Any] = {
                    "name": str(loc["name"]).strip()[:200],
                    "role": role,
                    "code": (str(loc.get("code") or "").strip()[:20] or None),
                }
                for k in ("lat", "lon"):
                    if loc.get(k) not in (None, ""):
                        try:
                            item[k] = float(loc[k])
                        except (TypeError, ValueError) as exc:
                            raise QueueError(f"{k} must be a number") from exc
                if loc.get("level"):
                    item["level"] = str(loc["level"])[:30]
                locs.append(item)
            out[key] = locs
        else:
            raise QueueError(f"cannot correct {key!r}")
    return out


# the columns of a source article as the queue shows it: the article, then what the machine
# derived from it (prediction and entities, JSON-encoded lists and objects)
_SOURCE_ARTICLE = (
    articles.c.id,
    articles.c.url,
    articles.c.outlet,
    articles.c.title,
    articles.c.published,
)
_SOURCE_MACHINE = (
    predictions.c.tppo_score,
    predictions.c.modus,
    predictions.c.evidence,
    predictions.c.model_version,
    entities.c.kind,
    entities.c.locations,
    entities.c.counts,
    entities.c.dates,
)
_SOURCE_JSON = {"modus": list, "evidence": list, "locations": list, "counts": dict,
                "dates": dict}


def _source(r: Any) -> dict[str, Any]:
    """A source row as a dict: ``article_id`` for ``id``, JSON columns decoded."""
    m = dict(r._mapping)
    m["article_id"] = m.pop("id")
    for key, empty in _SOURCE_JSON.items():
        m[key] = json.loads(m[key]) if m[key] else empty()
    return m


def _listing(r: Any) -> dict[str, Any]:
    m = dict(r._mapping)
    for key in ("eff_modus", "eff_provinces", "eff_outlets"):
        m[key.removeprefix("eff_")] = [v for v in (m.pop(key) or "").split(",") if v]
    m["kind"] = m.pop("eff_kind")
    m["victims"] = m.pop("eff_victims")
    m["first_published"] = m["first_published"] or None
    return m


def _encode_cursor(value: Any, last_id: int) -> str:
    return (
        base64.urlsafe_b64encode(json.dumps([value, last_id]).encode())
        .decode()
        .rstrip("=")
    )


def _decode_cursor(cursor: str) -> tuple[Any, int]:
    try:
        pad = "=" * (-len(cursor) % 4)
        value, last_id = json.loads(base64.urlsafe_b64decode(cursor + pad))
        return value, int(last_id)
    except (ValueError, TypeError) as exc:
        raise QueueError("bad page cursor") from exc
