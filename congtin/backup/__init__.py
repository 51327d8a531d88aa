"""Backups of a whole instance, and their restore.

The door: `services.backup(output_dir)` writes one archive (database, media, manifest.json with
checksums and row counts); `services.restore(archive)` brings one into an empty instance;
`services.read_manifest(archive)` verifies every checksum and returns what it holds;
`services.prune(folder, keep_days)` drops old ones. `manage.py backup` and `manage.py restore`
call them; docs/operators.md says how operators use them.
"""
