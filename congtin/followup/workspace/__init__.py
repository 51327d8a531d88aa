"""A unit's own pages: its study sessions, its action programme and progress, what it was
reminded of; and the city's review of what units send (return with a comment, accept)."""
