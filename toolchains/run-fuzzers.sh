#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz, `fuzz` preset: clang 14, ASan + UBSan) and runs each one
# for a fixed time from a fresh copy of its seed corpus, so the repository is never modified.
# Exit 1 if any target crashes, times out, runs out of memory or breaks one of its invariants; the
# input that did it is kept in build/fuzz/artifacts/ (reproduce: build/fuzz/tests/fuzz/<target> FILE).
#
#   toolchains/run-fuzzers.sh [SECONDS_PER_TARGET]     (default 60; CI uses fewer)
#
# Runs SELFDIRECT_FUZZ_JOBS targets at once (default: one per core).
# Prints one summary line per target (runs, coverage, exec/s); full logs in build/fuzz/fuzz-logs/.
set -euo pipefail

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 [SECONDS_PER_TARGET]" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build/fuzz"
targets=(fuzz_questionnaire fuzz_envelope fuzz_device_profile fuzz_script fuzz_sync_request fuzz_fhirpath
         fuzz_bundle_manifest fuzz_council_record)

"$root/toolchains/setup-debian.sh"

build_start=$SECONDS
(cd "$root" && cmake --preset fuzz >/dev/null)
cmake --build "$build" -j2 --target selfdirect_fuzzers
echo "run-fuzzers: build took $((SECONDS - build_start)) s"

artifacts="$build/artifacts"
logs="$build/fuzz-logs"
mkdir -p "$artifacts" "$logs"
work="$(mktemp -d "${TMPDIR:-/tmp}/selfdirect-fuzz.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Envelopes in today's format, sealed to the fixed fuzz keys: the committed seeds may predate a
# format change (issue 4), and a stale seed would never get past the header checks.
"$build/tests/fuzz/make_envelope_seed" "$work/fresh-envelopes"

# One target: fuzz, then write its summary line to $work/$t.summary (and $work/$t.failed on failure).
run_one() {
  local t="$1" name="${1#fuzz_}"
  local corpus="$work/$name"
  mkdir -p "$corpus"
  cp -R "$root/tests/fuzz/corpus/$name/." "$corpus/"
  if [[ "$name" == envelope || "$name" == sync_request ]]; then
    cp "$work/fresh-envelopes/"*.bin "$corpus/"
  fi
  local args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
              -artifact_prefix="$artifacts/$t-")
  local dict="$root/tests/fuzz/dict/$name.dict"
  [[ -f "$dict" ]] && args+=(-dict="$dict")

  local status=0
  (cd "$work" && "$build/tests/fuzz/$t" "${args[@]}" "$corpus") >"$logs/$t.log" 2>&1 || status=$?

  local runs speed status_line cov ft corp verdict
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$t.log" | tail -n1)"
  speed="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$logs/$t.log" | tail -n1)"
  # The last status line ("#N DONE cov: C ft: F corp: ...") holds the final coverage.
  status_line="$(grep -E '^#[0-9]+' "$logs/$t.log" | tail -n1 || true)"
  cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$status_line")"
  ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$status_line")"
  corp="$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$status_line")"
  if ((status == 0)); then
    verdict="ok"
  else
    verdict="FAILED (exit $status; see $logs/$t.log and $artifacts/)"
    touch "$work/$t.failed"
    grep -E 'ERROR: |FUZZ_CHECK failed|runtime error|Test unit written' "$logs/$t.log" | head -n5 >&2 || true
  fi
  printf '%-22s runs=%-10s cov=%-6s ft=%-6s corpus=%-6s exec/s=%-8s %s\n' \
    "$t" "${runs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "${speed:-?}" "$verdict" >"$work/$t.summary"
}

# Each target is single-threaded, so run as many at once as there are cores: every target still
# gets its full time, and the whole run takes ceil(targets / cores) x SECONDS instead of the sum.
jobs="${SELFDIRECT_FUZZ_JOBS:-$(nproc)}"
running=0
for t in "${targets[@]}"; do
  echo "run-fuzzers: $t for ${seconds} s"
  run_one "$t" &
  running=$((running + 1))
  if ((running >= jobs)); then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true

failed=0
summary=()
for t in "${targets[@]}"; do
  summary+=("$(cat "$work/$t.summary" 2>/dev/null || echo "$t: no summary (the runner itself failed)")")
  if [[ -f "$work/$t.failed" || ! -f "$work/$t.summary" ]]; then failed=1; fi
done

echo "run-fuzzers: ${seconds} s per target"
printf '%s\n' "${summary[@]}"
if ((failed)); then
  echo "run-fuzzers: a fuzzer found a problem; crash inputs are in $artifacts/" >&2
  exit 1
fi
