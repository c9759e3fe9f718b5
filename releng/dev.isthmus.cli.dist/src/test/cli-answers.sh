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

"$isthmus" frobnicate 2>/dev/null; code=$?
[ "$code" -eq 2 ] || fail "an unknown command exited $code, expected 2"

echo "cli-answers: $version; $(printf "%s\n" "$report" | tail -n 1); tests: $(printf "%s\n" "$tests" | tail -n 1)"
