"""The daily digest job: decide who is due, render into the outbox, send what is pending.

Entry point for the CLI and for ``pantau daily`` / ``make run``::

    report = run_digest(store_url, date=None, dry_run_dir=None, now=None)
    print(report.summary()); sys.exit(report.exit_code)

A subscriber's day is their local day. Without ``date`` a subscriber is due once their local
send time has passed today and their row for today is not in the outbox; with ``date`` every
subscriber without a row for that date is due. A digest for day D covers confirmations from
the end of the subscriber's previous digest (or D-1 at their send time) to D at their send time,
never past ``now``, so days neither overlap nor leave gaps when a send time changes.

A real run first writes every due digest to the outbox (``pending``, full message) and only
then sends; pending rows of earlier runs whose back-off has passed are sent too. A dry run
renders the same messages into ``dry_run_dir`` as ``.eml`` + ``.html`` and writes nothing to
the database; with no subscribers it renders one all-Indonesia preview of the last 24 hours.
"""

from __future__ import annotations

import logging
import time as time_mod
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from email.utils import parseaddr
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from digest.build import (
    DigestRequest,
    build_digest,
    matches,
    month_totals,
    month_window,
)
from digest.config import DigestConfig, load_config
from digest.exceptions import ConfigError, SendError
from digest.outbox import Outbox
from digest.send import FileSender, SmtpSender, compose, file_stem, message_id
from digest.subscriptions import Subscriber, Subscriptions
from review.exceptions import StoreError

if TYPE_CHECKING:
    from collections.abc import Callable

    from digest.send import Sender
    from review.records import IncidentSummary
    from review.store import Store

logger = logging.getLogger(__name__)

PREVIEW_RECIPIENT = "preview@pantau.invalid"
# after a missed day (timer down) the next digest covers the gap, up to this far back
CATCH_UP = timedelta(days=7)


class IncidentSource(Protocol):
    """What the digest needs from the review queue (``review.queue.ReviewQueue`` has it)."""

    def confirmed_between(
        self, start_utc_iso: str, end_utc_iso: str
    ) -> list[IncidentSummary]: ...

    def pending_count(
        self, province_codes: set[str] | None = None, modus: set[str] | None = None
    ) -> int: ...


@dataclass(frozen=True)
class RetryPolicy:
    """In-run retries for transient errors, then back-off across runs, then give up.

    Within a run a transient failure (4xx, dropped or refused connection) is retried
    ``tries_per_run`` times, waiting ``delay * 2**k`` seconds; a permanent one (5xx) is not.
    Either way the row stays pending and the next run after ``later * 2**(attempts-1)``
    (capped at ``later_cap``) tries again, until ``max_attempts`` attempts: then it is failed.
    """

    tries_per_run: int = 3
    delay: float = 2.0
    later: timedelta = timedelta(minutes=10)
    later_cap: timedelta = timedelta(hours=6)
    max_attempts: int = 8

    def next_attempt(self, now: datetime, attempts: int) -> datetime | None:
        if attempts >= self.max_attempts:
            return None
        wait: timedelta = min(self.later * (2 ** max(0, attempts - 1)), self.later_cap)
        return now + wait


@dataclass
class DigestResult:
    """What happened to one (recipient, date)."""

    recipient: str
    digest_date: date
    status: (
        str  # rendered | skipped | sent | failed | retry | already | not_due | written
    )
    incidents: int = 0
    attempts: int = 0
    error: str | None = None
    files: list[Path] = field(default_factory=list)


@dataclass
class DigestReport:
    """The outcome of one run; ``summary()`` is what the CLI prints."""

    dry_run: bool
    results: list[DigestResult] = field(default_factory=list)
    out_dir: Path | None = None

    def by_status(self, *statuses: str) -> list[DigestResult]:
        return [r for r in self.results if r.status in statuses]

    @property
    def files(self) -> list[Path]:
        return [path for r in self.results for path in r.files]

    @property
    def ok(self) -> bool:
        """False when any message could not be sent in this run."""
        return not self.by_status("failed", "retry")

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def summary(self) -> str:
        lines: list[str] = []
        if self.dry_run:
            lines.append(
                f"dry run: {len(self.by_status('written'))} digest(s) written to {self.out_dir}"
                f" ({len(self.by_status('skipped'))} skipped: nothing new, no empty mail wanted)"
            )
            lines.extend(
                f"  {r.digest_date} {r.recipient}: {r.incidents} incident(s) -> {r.files[0]}"
                for r in self.by_status("written")
            )
            return "\n".join(lines)
        counts = {
            s: len(self.by_status(s))
            for s in ("sent", "skipped", "already", "not_due", "retry", "failed")
        }
        lines.append(
            "digest: {sent} sent, {skipped} skipped (nothing new), {already} already done, "
            "{not_due} not due yet, {retry} to retry, {failed} failed".format(**counts)
        )
        for r in self.by_status("sent"):
            lines.append(
                f"  sent   {r.digest_date} {r.recipient}: {r.incidents} incident(s)"
                + (f" after {r.attempts} attempts" if r.attempts > 1 else "")
            )
        for r in self.by_status("retry", "failed"):
            verb = "RETRY " if r.status == "retry" else "FAILED"
            lines.append(
                f"  {verb} {r.digest_date} {r.recipient}: attempt {r.attempts}: {r.error}"
            )
        return "\n".join(lines)


def digest_window(
    sub: Subscriber,
    digest_date: date,
    now: datetime,
    previous_end: datetime | None = None,
) -> tuple[datetime, datetime]:
    """The (start, end) in UTC of confirmations that ``sub``'s digest for ``digest_date`` covers."""
    zone = ZoneInfo(sub.tz)
    hh, mm = (int(x) for x in sub.send_time.split(":"))
    end = datetime.combine(digest_date, time(hh, mm), zone).astimezone(UTC)
    start = datetime.combine(
        digest_date - timedelta(days=1), time(hh, mm), zone
    ).astimezone(UTC)
    # continue from the last digest unless it is older than a week (a long pause)
    if previous_end is not None and start - CATCH_UP <= previous_end < end:
        start = previous_end
    end = min(end, now.astimezone(UTC))
    return min(start, end), end


def is_due(sub: Subscriber, now: datetime) -> tuple[bool, date]:
    """(local send time has passed today, the subscriber's local date)."""
    local = now.astimezone(ZoneInfo(sub.tz))
    hh, mm = (int(x) for x in sub.send_time.split(":"))
    return (local.hour, local.minute) >= (hh, mm), local.date()


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


class _Incidents:
    """Caches queue reads so many subscribers with the same window cost one query."""

    def __init__(self, source: IncidentSource) -> None:
        self.source = source
        self._confirmed: dict[tuple[str, str], list[IncidentSummary]] = {}
        self._pending: dict[tuple[tuple[str, ...], tuple[str, ...]], int | None] = {}

    def confirmed(self, start: datetime, end: datetime) -> list[IncidentSummary]:
        key = (_iso(start), _iso(end))
        if key not in self._confirmed:
            self._confirmed[key] = (
                [] if start >= end else list(self.source.confirmed_between(*key))
            )
        return self._confirmed[key]

    def pending(self, provinces: tuple[str, ...], modus: tuple[str, ...]) -> int | None:
        key = (provinces, modus)
        if key not in self._pending:
            self._pending[key] = self.source.pending_count(
                province_codes=set(provinces) or None, modus=set(modus) or None
            )
        return self._pending[key]


def render_for(
    sub: Subscriber,
    digest_date: date,
    window: tuple[datetime, datetime],
    incidents: _Incidents,
    config: DigestConfig,
) -> DigestRequest:
    """The DigestRequest for one subscriber and day, read through the queue."""
    start, end = window
    new = [
        i
        for i in incidents.confirmed(start, end)
        if matches(i, sub.provinces, sub.modus)
    ]
    new.sort(key=lambda i: (i.follow_up_of is not None, i.confirmed_at or "", i.id))
    m_start, m_end, year, month = month_window(digest_date, sub.tz)
    m_end = min(m_end.astimezone(UTC), end)
    in_month = [
        i
        for i in incidents.confirmed(m_start.astimezone(UTC), m_end)
        if matches(i, sub.provinces, sub.modus)
    ]
    return DigestRequest(
        recipient=sub.email,
        digest_date=digest_date,
        lang=sub.lang,
        tz=sub.tz,
        provinces=sub.provinces,
        modus=sub.modus,
        window_start=start,
        window_end=end,
        incidents=tuple(new),
        month=month_totals(in_month, year, month),
        pending_count=incidents.pending(sub.provinces, sub.modus),
        app_url=config.app_url,
    )


def _open_queue(store: Store) -> IncidentSource:
    from review.queue import (
        ReviewQueue,
    )  # the queue owns incidents; imported late, it is optional

    return ReviewQueue(store)


def run_digest(
    store_url: str | None,
    date: date | None = None,
    dry_run_dir: Path | str | None = None,
    now: datetime | None = None,
    *,
    config: DigestConfig | None = None,
    source: IncidentSource | None = None,
    sender: Sender | None = None,
    retry: RetryPolicy | None = None,
    retry_failed: bool = False,
    sleep: Callable[[float], None] = time_mod.sleep,
) -> DigestReport:
    """Render and send (or, with ``dry_run_dir``, write) the digests due now; see module doc.

    ``config`` defaults to ``load_config()`` (environment / PANTAU_DIGEST_CONFIG), ``source`` to
    ``ReviewQueue(store)`` and ``sender`` to ``SmtpSender(config.smtp)``. Raises ConfigError
    when a real send is asked for and no SMTP host is configured.
    """
    from review.store import Store

    now = (now or datetime.now(UTC)).astimezone(UTC)
    config = config or load_config()
    retry = retry or RetryPolicy()
    with Store(store_url) as store:
        incidents = _Incidents(source or _open_queue(store))
        subs = Subscriptions(store.engine)
        box = Outbox(store.engine)
        if dry_run_dir is not None:
            return _dry_run(
                Path(dry_run_dir), subs.all(), date, now, incidents, box, config
            )
        if sender is None and config.smtp is None:
            raise ConfigError(
                "no SMTP server configured: set PANTAU_SMTP_HOST (or use --dry-run)"
            )
        report = DigestReport(dry_run=False)
        _enqueue(report, subs.all(), date, now, incidents, box, config)
        own_sender = sender is None
        active = sender or SmtpSender(config.smtp)  # type: ignore[arg-type]
        try:
            _send_due(report, box, active, now, retry, sleep, retry_failed)
        finally:
            if own_sender:
                active.close()
    for line in report.summary().splitlines():
        logger.info("%s", line)
    return report


def _enqueue(
    report: DigestReport,
    subs: list[Subscriber],
    day: date | None,
    now: datetime,
    incidents: _Incidents,
    box: Outbox,
    config: DigestConfig,
) -> None:
    """Write a pending (or skipped) outbox row for every subscriber due now.

    A subscriber whose digest cannot be rendered (a broken row, a bad time zone) is reported
    as failed and the others still go out; database errors stop the run.
    """
    for sub in subs:
        try:
            result = _enqueue_one(sub, day, now, incidents, box, config)
        except (StoreError, sa.exc.SQLAlchemyError):
            raise
        except Exception as exc:  # one subscriber's bad data must not block the others
            logger.exception("cannot render the digest for %s", sub.email)
            result = DigestResult(
                sub.email, day or now.date(), "failed", error=f"cannot render: {exc!r}"
            )
        if result is not None:
            report.results.append(result)


def _enqueue_one(
    sub: Subscriber,
    day: date | None,
    now: datetime,
    incidents: _Incidents,
    box: Outbox,
    config: DigestConfig,
) -> DigestResult | None:
    due, local_day = is_due(sub, now)
    digest_date = day or local_day
    # a future date would record an empty digest now and block the real one later
    if (day is None and not due) or digest_date > local_day:
        return DigestResult(sub.email, digest_date, "not_due")
    if box.get(sub.email, digest_date) is not None:
        return DigestResult(sub.email, digest_date, "already")
    window = digest_window(
        sub, digest_date, now, box.previous_window_end(sub.email, digest_date)
    )
    digest = build_digest(render_for(sub, digest_date, window, incidents, config))
    msg_id = message_id(sub.email, digest_date, config.from_addr)
    empty = digest.incident_count == 0
    status = "skipped" if empty and not sub.send_empty else "pending"
    message = None
    if status == "pending":
        message = compose(
            digest,
            from_addr=config.from_addr,
            to_addr=sub.email,
            date_header=now.astimezone(ZoneInfo(sub.tz)),
            msg_id=msg_id,
            digest_date=digest_date,
        )
    added = box.add(
        recipient=sub.email,
        subscriber_id=sub.id,
        digest_date=digest_date,
        status=status,
        message_id=msg_id,
        subject=digest.subject,
        from_addr=config.from_addr,
        message=message,
        incident_count=digest.incident_count,
        window=window,
        now=now,
    )
    if not added:
        return DigestResult(sub.email, digest_date, "already")
    if status == "skipped":
        return DigestResult(sub.email, digest_date, "skipped")
    return None  # reported when sent


def _send_due(
    report: DigestReport,
    box: Outbox,
    sender: Sender,
    now: datetime,
    retry: RetryPolicy,
    sleep: Callable[[float], None],
    retry_failed: bool,
) -> None:
    lease = timedelta(minutes=10)
    for row in box.due(now, include_failed=retry_failed):
        if not box.claim(row.id, now, lease):
            continue  # another run is sending it
        result = DigestResult(
            row.recipient,
            date.fromisoformat(row.digest_date),
            "sent",
            incidents=row.incident_count,
            attempts=0 if retry_failed else row.attempts,
        )
        for k in range(retry.tries_per_run):
            result.attempts += 1
            try:
                sender.send(
                    row.message or b"", parseaddr(row.from_addr)[1], [row.recipient]
                )
            except SendError as exc:
                result.error = str(exc)
                logger.warning(
                    "digest to %s for %s: attempt %s failed: %s",
                    row.recipient,
                    row.digest_date,
                    result.attempts,
                    exc,
                )
                if exc.transient and k + 1 < retry.tries_per_run:
                    sleep(retry.delay * 2**k)
                    continue
                nxt = retry.next_attempt(now, result.attempts)
                box.mark_failure(
                    row.id,
                    attempts=result.attempts,
                    error=str(exc),
                    next_attempt_at=nxt,
                )
                result.status = "retry" if nxt is not None else "failed"
                break
            else:
                box.mark_sent(row.id, datetime.now(UTC), result.attempts)
                result.status, result.error = "sent", None
                break
        report.results.append(result)


def _dry_run(
    out_dir: Path,
    subs: list[Subscriber],
    day: date | None,
    now: datetime,
    incidents: _Incidents,
    box: Outbox,
    config: DigestConfig,
) -> DigestReport:
    report = DigestReport(dry_run=True, out_dir=out_dir)
    writer = FileSender(out_dir)
    preview = not subs
    if preview:
        subs = [Subscriber(email=PREVIEW_RECIPIENT)]
    for sub in subs:
        digest_date = day or now.astimezone(ZoneInfo(sub.tz)).date()
        if preview and day is None:
            window = (now - timedelta(days=1), now)
        else:
            window = digest_window(
                sub, digest_date, now, box.previous_window_end(sub.email, digest_date)
            )
        digest = build_digest(render_for(sub, digest_date, window, incidents, config))
        if digest.incident_count == 0 and not sub.send_empty:
            report.results.append(DigestResult(sub.email, digest_date, "skipped"))
            continue
        message = compose(
            digest,
            from_addr=config.from_addr,
            to_addr=sub.email,
            date_header=now.astimezone(ZoneInfo(sub.tz)),
            msg_id=message_id(sub.email, digest_date, config.from_addr),
            digest_date=digest_date,
        )
        files = writer.write(file_stem(digest_date, sub.email), message, digest.html)
        report.results.append(
            DigestResult(
                sub.email,
                digest_date,
                "written",
                incidents=digest.incident_count,
                files=files,
            )
        )
    return report
