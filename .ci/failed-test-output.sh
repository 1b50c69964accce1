#!/usr/bin/env bash
# Prints what the failed test classes wrote (surefire keeps it in <class>-output.txt, not on the console): the report
# and the last lines of each, and the thread dump JUnit writes there when a test times out (also for a class that
# never finished because the run was stopped), so that a CI log says why a test failed or hung. Bounded, so that one
# chatty test cannot drown the log.
set -uo pipefail
cd "$(dirname "$0")/.."
reports=$(find . -path '*/surefire-reports/*' -name '*.txt' -not -name '*-output.txt' 2>/dev/null)
failed=$( [ -n "$reports" ] && grep -l -E '<<< (FAILURE|ERROR)!' $reports 2>/dev/null)
dumped=$(grep -l 'will be interrupted' $(find . -path '*/surefire-reports/*' -name '*-output.txt' 2>/dev/null) /dev/null 2>/dev/null)
for file in $(printf '%s\n' $failed $(for d in $dumped; do echo "${d%-output.txt}.txt"; done) | sort -u); do
  output="${file%.txt}-output.txt"
  echo "=================== ${file#./}"
  [ -f "$file" ] && sed -n '1,60p' "$file"
  [ -f "$output" ] || continue
  dump=$(grep -n -m1 'will be interrupted' "$output" | cut -d: -f1)
  if [ -n "$dump" ]; then
    echo "------------------- thread dump in ${output#./} (from line $dump, at most 600 lines)"
    sed -n "${dump},$((dump + 600))p" "$output"
  fi
  echo "------------------- last 150 lines of ${output#./}"
  tail -n 150 "$output"
done
