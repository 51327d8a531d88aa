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
  # msgfmt leaves out fuzzy and empty messages: the admin would show them in English.
  stats=$(msgfmt --statistics -o /dev/null "$source" 2>&1)
  case "$stats" in
    *fuzzy* | *untranslated*) echo "$source: ${stats%.}: every message needs its Vietnamese" >&2; exit 1 ;;
  esac
  [ "$source" = src/wagtail-admin-js.vi.po ] || django_sources+=("$source")  # that one is djangojs
done
msgcat --use-first -o "$out/django.po" "${django_sources[@]}"
msgfmt --check -o "$out/django.mo" "$out/django.po"
msgfmt --check -o "$out/djangojs.mo" src/wagtail-admin-js.vi.po
rm "$out/django.po"
compiled=("$out"/*.mo)
echo "compiled ${compiled[*]}"
