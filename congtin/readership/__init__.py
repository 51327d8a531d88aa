"""Readership: what readers read, counted without touching cached pages ("Tin đọc nhiều")."""
