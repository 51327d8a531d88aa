"""Django's format overrides (settings.FORMAT_MODULE_PATH)."""
