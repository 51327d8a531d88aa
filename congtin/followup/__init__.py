"""After the conference: the units (đơn vị) a directive asks for results, what each unit reports
(study sessions, its action programme, progress), and the organiser's follow-up of it all.

Seams: models/ (the data and the rules that guard it), status.py (on time, late, within
deadline, overdue), access.py (who sees which unit), units/ (the unit tree and its import),
directives/ (setting a directive up, from a conference or a JSON file), workspace/ (a unit's own
pages), board/ (the organiser's board, export, summary and its draft article), reminders.py.
It knows conferences only through their models' public fields and functions.
"""
