"""Emails on their way out: written in the transaction that causes them, sent by the task worker, then forgotten."""
