"""Setting a directive up: from a conference or a JSON file (`followup_setup`), its back-office
pages, and the follow-up tasks a conference's questions leave units."""
