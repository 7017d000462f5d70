"""The park programs: activated-carbon stewardship, the outfall register, cleaner-production
audits, the VOC electronic fence, shared emergency materials and joint early warning.

Functions take an asyncpg connection (JSON passed as text, so any connection will do) and,
where time matters, a ``now``, so the API, the schedule and the tests drive them alike.
"""
