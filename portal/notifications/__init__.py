"""Notifications: one row per (event, recipient, channel), made from outbox
events by the handlers that apps register for their topics (``registry``),
delivered in the recipient's language by email (batches over one SMTP
connection) and in the portal's notification centre."""
