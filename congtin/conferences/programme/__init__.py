"""Setting up a conference: its JSON description (spec.py, `conference_setup`), bridge point
lists (bridge_import.py), the back office (admin.py) and the printed join cards (views.py)."""
