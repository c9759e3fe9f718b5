#!/usr/bin/env bash
# Starts the materialized Isthmus Studio on the current X display with a copy of an example project opened in the
# editor (--open), waits for its window and for the opened file to be parsed and coloured, saves a screenshot and
# reports how long both took from the launch. Fails if either does not happen in time or the Studio dies first.
# Usage: studio-starts.sh <studio-folder> <screenshot-folder> <timeout-seconds> <example-folder> <file-below-it>
set -u
studio=$1 shots=$2 timeout=${3:-60} example=${4:-} file=${5:-}

if [ -z "${DISPLAY:-}" ]; then
  echo "studio-starts: no X display. Run the build under Xvfb: xvfb-run -a -s '-screen 0 1280x1024x24' ./mvnw verify" >&2
  exit 1
fi
for tool in xwininfo import; do
  command -v "$tool" >/dev/null || { echo "studio-starts: '$tool' is missing; install x11-utils and imagemagick (see .ci/run)." >&2; exit 1; }
done
[ -x "$studio/isthmus-studio" ] || { echo "studio-starts: no launcher at $studio/isthmus-studio; did materialize-products run?" >&2; exit 1; }

mkdir -p "$shots"
workspace=$(mktemp -d)
open=()
if [ -n "$example" ]; then
  cp -r "$example" "$workspace/example"
  open=(--open "$workspace/example" --file "$file")
fi
log="$shots/studio-start.log"
start=$(date +%s%N)
"$studio/isthmus-studio" -data "$workspace/data" -consoleLog "${open[@]}" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$workspace"' EXIT

deadline=$(( $(date +%s) + timeout ))
while :; do
  if xwininfo -root -tree 2>/dev/null | grep -q '"Isthmus Studio"'; then
    break
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "studio-starts: Isthmus Studio exited before showing a window; its log:" >&2
    cat "$log" >&2
    exit 1
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "studio-starts: no 'Isthmus Studio' window after ${timeout}s; its log:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.1
done
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))

ready_ms=
if [ -n "$example" ]; then
  while ! grep -q 'Isthmus Studio: ready for editing' "$log"; do
    if ! kill -0 "$pid" 2>/dev/null || [ "$(date +%s)" -ge "$deadline" ]; then
      echo "studio-starts: $file was not opened for editing within ${timeout}s; the Studio's log:" >&2
      cat "$log" >&2
      exit 1
    fi
    sleep 0.05
  done
  ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
fi

# Let the workbench lay out and paint the perspective before taking the picture.
sleep 4
import -window root "$shots/studio-window.png"
if grep -qE '^!ENTRY .* (4|2) ' "$log"; then
  echo "studio-starts: the Studio logged errors or warnings while starting (see $log):" >&2
  grep -A3 '^!ENTRY' "$log" | head -40 >&2
fi
{
  printf 'Isthmus Studio window after %d.%03d s (screenshot: %s)\n' $((elapsed_ms / 1000)) $((elapsed_ms % 1000)) "$shots/studio-window.png"
  if [ -n "$ready_ms" ]; then
    printf '%s open for editing, parsed and coloured, after %d.%03d s\n' "$file" $((ready_ms / 1000)) $((ready_ms % 1000))
  fi
} | tee "$shots/startup-time.txt"
