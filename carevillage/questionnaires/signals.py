"""Signals other apps listen to, so this app does not need to know them."""

from django.dispatch import Signal

# Sent inside the transaction that submits a response (kwargs: response). Receivers run
# in that transaction: what they write commits or rolls back with the submission.
response_submitted = Signal()
