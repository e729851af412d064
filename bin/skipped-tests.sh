#!/usr/bin/env bash
# Lists every test class that skipped tests, with the reason, from the JUnit reports of the last build
# (*/target/surefire-reports and */target/failsafe-reports). `./mvnw verify` runs it at its end (appliance's pom);
# a module that was not built in this run still shows its earlier reports.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
reports=(*/target/surefire-reports/TEST-*.xml */target/failsafe-reports/TEST-*.xml)
lines=$(for f in "${reports[@]}"; do
  awk '
    /<testcase / {
      cls = $0; sub(/.*classname="/, "", cls); sub(/".*/, "", cls)
    }
    /<skipped/ {
      why = $0
      if (why ~ /message="/) { sub(/.*message="/, "", why); sub(/".*/, "", why) }
      else { sub(/.*CDATA\[/, "", why); sub(/^[A-Za-z0-9_.$]*(Exception|Error): /, "", why); sub(/^Assumption failed: /, "", why) }
      if (why == "" || why ~ /<skipped/) why = "(no reason given)"
      gsub(/&quot;/, "\"", why); gsub(/&apos;/, "'\''", why); gsub(/&lt;/, "<", why); gsub(/&gt;/, ">", why); gsub(/&amp;/, "\\&", why)
      print cls "\t" why
    }' "$f"
done | sort | uniq -c)
if [ -z "$lines" ]; then
  echo "[skipped tests] none"
  exit 0
fi
echo "[skipped tests] test classes with skipped tests (count, class, reason):"
printf '%s\n' "$lines" | awk -F'\t' '{ n = $1; sub(/^ *[0-9]+ /, "", $1); printf "[skipped tests] %5d  %s: %s\n", n, $1, $2 }'
