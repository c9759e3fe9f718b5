#!/usr/bin/env bash
# The built distribution answers as a build server would call it: --version, --help, validate on the example,
# and a clear usage error. Usage: cli-answers.sh <path-to-bin/isthmus> <example-folder>
set -u
isthmus=$1 example=$2
fail() { echo "cli-answers: $*" >&2; exit 1; }

version=$(env -u DISPLAY "$isthmus" --version) || fail "--version exited $?"
[[ $version =~ ^isthmus\ 0\.1\.0\.v[0-9]{8}-[0-9]{4}\ \(Java\ [0-9] ]] || fail "--version printed: $version"

"$isthmus" --help | grep -q '^  validate ' || fail "--help does not list validate"

report=$(env -u DISPLAY "$isthmus" validate "$example") || fail "validate of the example exited $?: $report"
[[ $report == *", 0 errors, 0 warnings" ]] || fail "validate of the example printed: $report"

tests=$(env -u DISPLAY "$isthmus" test "$example") || fail "test of the example exited $?: $tests"
[[ $tests == *" passed, 0 failed" ]] || fail "test of the example printed: $tests"

# The runner on the example, as the README's main job runs it: --once, embedded H2, the bundled samples.
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$isthmus" generate "$example" -o "$work/generated" >/dev/null || fail "generate of the example exited $?"
samples="$example/samples"
run=$(env -u DISPLAY "$isthmus" run "$work/generated" --once --root "$work/run" --env-file "$example/run/local.env" \
  --feed "Stripe.events=$samples/stripe-*.json" --feed "Product.usageEvents=$samples/usage-events.ndjson" \
  --feed "Salesforce.accountChanges=$samples/salesforce-*.json" --feed "Zendesk.tickets=$samples/zendesk-*.json" 2>"$work/run.log") \
  || fail "run --once of the example exited $?: $(tail -n 5 "$work/run.log")"
[[ $run =~ acme\.revenue\.UsageToBilling\ +5\ +0\ +1\  ]] || fail "run --once did not skip the duplicate usage event: $run"
# The invoice of 2009 is in a closed accounting period whatever the day; the samples of November 2026 are too once
# November has closed (5 December, New York time), so the count of late ones depends on the day, and is not checked.
[[ $run =~ acme\.revenue\.Operations\.lateTransactions\ +[1-9][0-9]*\  ]] || fail "run --once did not deliver the late invoice: $run"
cat "$work/run/outbox/late/"late-*.csv 2>/dev/null | grep -q '^in_old_0001,' \
  || fail "run --once wrote no late-transactions row for in_old_0001, the invoice of a closed period"

"$isthmus" frobnicate 2>/dev/null; code=$?
[ "$code" -eq 2 ] || fail "an unknown command exited $code, expected 2"

echo "cli-answers: $version; $(printf "%s\n" "$report" | tail -n 1); tests: $(printf "%s\n" "$tests" | tail -n 1); run --once: ok"
