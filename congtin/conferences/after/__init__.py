"""After the event: the attendance report (attendance.py, `conference_report`) and the draft
portal article (article.py)."""
