#!/usr/bin/env bash
# The Message-Ids every earlier sample took, from the closing notes of earlier stops
# (`issues stops`), one per line: what a new sample must not take again.
#   bash scripts/real-mail/taken.sh > /path/outside/the/checkout/taken.txt
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for p in $(seq 1 500); do
  issues stops --page "$p" > "$tmp/$p.txt" 2>/dev/null || break
  [ -s "$tmp/$p.txt" ] || break
  grep -q "\[page $p of $p:" "$tmp/$p.txt" && break
done
# The notes are shown wrapped, and a long Message-Id can be cut across two lines ("> " opens the
# next one): join such a cut before picking the ids out.
cat "$tmp"/*.txt | perl -0pe '1 while s/(<[^<>\s]*)\n> ?/$1/g' | grep -hoP '<[^<>\s]+@[^<>\s]+>' | sort -u
