"""The live event: a bridge point's page and the organiser's dashboard, what they poll
(state.py) and what they post (views.py, forms.py)."""
