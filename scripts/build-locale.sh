#!/usr/bin/env bash
# Compile the Vietnamese catalogs that complete Wagtail's own (which leave most of the
# admin in English). Sources: congtin/locale/src/*.po; output: congtin/locale/vi/LC_MESSAGES/*.mo,
# committed so a deployment needs no gettext. Needs GNU gettext (Debian: gettext).
set -euo pipefail
cd "$(dirname "$0")/../congtin/locale"
out=vi/LC_MESSAGES
mkdir -p "$out"
django_sources=()
for source in src/*.vi.po; do
  [ "$source" = src/wagtail-admin-js.vi.po ] || django_sources+=("$source")  # that one is djangojs
done
msgcat --use-first -o "$out/django.po" "${django_sources[@]}"
msgfmt --check -o "$out/django.mo" "$out/django.po"
msgfmt --check -o "$out/djangojs.mo" src/wagtail-admin-js.vi.po
rm "$out/django.po"
compiled=("$out"/*.mo)
echo "compiled ${compiled[*]}"
