"""Readership: what readers read, counted without touching cached pages ("Tin đọc nhiều").

The door is `service`: count_read (the beacon, views.read_beacon at /_doc/<pk>/), flush and
rank (each minute, a receiver of congtin.core.signals.minute_passed), most_read (the block,
`{% load readership %}{% most_read %}`); `demo.seed_demo_counts` for make demo.
docs/readership.md tells the counting path.
"""
