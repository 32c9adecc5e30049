"""The daily digest email: pure rendering (build), sending (send), the outbox and the daily job.

Public entry point: ``digest.jobs.run_digest(store_url, date=None, dry_run_dir=None, now=None)``
returns a ``DigestReport``; see docs/digest.md.
"""
