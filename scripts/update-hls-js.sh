#!/usr/bin/env bash
# Vendor hls.js (the light build: HLS playback without subtitles, DRM or alternate audio)
# from the npm registry into congtin/conferences/static/conferences/vendor/.
#
#   bash scripts/update-hls-js.sh           # the latest release
#   bash scripts/update-hls-js.sh 1.7.4     # a given version
#
# npm checks the package against the registry's integrity hash. The file is copied as
# published except for its last line, `//# sourceMappingURL=...`: the map is not vendored,
# and ManifestStaticFilesStorage (production collectstatic) fails on a missing map.
# Then run the browser test: .venv/bin/python -m pytest tests/browser/test_conference_browser.py
set -euo pipefail
version="${1:-latest}"
root="$(cd "$(dirname "$0")/.." && pwd)"
target="$root/congtin/conferences/static/conferences/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "hls.js@$version" >/dev/null)
tar -xzf "$work"/hls.js-*.tgz -C "$work"
package="$work/package"
published="$(node -p "require('$package/package.json').version")"
mkdir -p "$target"
grep -v '^//# sourceMappingURL=' "$package/dist/hls.light.min.js" > "$target/hls.light.min.js"
cp "$package/LICENSE" "$target/hls.js.LICENSE"
cat > "$target/hls.js.VERSION" <<INFO
hls.js $published (npm), dist/hls.light.min.js without its sourceMappingURL line
upstream sha256 $(sha256sum "$package/dist/hls.light.min.js" | cut -d' ' -f1)
vendored sha256 $(sha256sum "$target/hls.light.min.js" | cut -d' ' -f1)
updated with scripts/update-hls-js.sh
INFO
echo "hls.js $published -> $target"
