#!/usr/bin/env bash
# Checks that no UI string can reach a screen untranslated: a fresh extraction of the tr() strings
# in src/ui and src/app (toolchains/update-i18n.sh --extract, into a temporary file: the checkout
# is never modified) must be in the template, and every .po in assets/i18n/ must pass
# msgfmt --check and hold a translation, neither empty nor fuzzy, for every extracted string.
# Usage: check_catalogues.sh check ROOT       the check itself, on the checkout at ROOT
#        check_catalogues.sh self-test ROOT   shows the check can fail, on temporary copies of ROOT
set -euo pipefail

mode=${1:-} root=${2:-}
[[ ($mode == check || $mode == self-test) && -d $root ]] || { echo "usage: $0 check|self-test ROOT" >&2; exit 2; }
root=$(cd "$root" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/selfdirect-i18n-check-XXXXXX")
trap 'rm -rf "$work"' EXIT

# check_tree DIR: 0 if the catalogues under DIR are complete; otherwise names each problem and
# returns 1.
check_tree() {
  local dir=$1 out=$work/check.$RANDOM failed=0
  mkdir -p "$out"
  bash "$dir/toolchains/update-i18n.sh" --root "$dir" --extract "$out/fresh.pot"
  local pot=$dir/assets/i18n/selfdirect.pot
  if [[ ! -f $pot ]]; then
    echo "FAIL: $pot is missing: run toolchains/update-i18n.sh" >&2
    failed=1
  elif ! msgcmp --use-untranslated "$pot" "$out/fresh.pot" 2>"$out/msgcmp"; then
    echo "FAIL: strings in the sources are missing from ${pot#"$dir"/}: run toolchains/update-i18n.sh" >&2
    grep -v 'warning: this message is not used' "$out/msgcmp" | sed -e "s|$dir/||" -e "s|$out/||" >&2 || true
    # The extracted strings that appear in only one of the two files and in the extraction:
    # those the template lacks.
    msgcomm --unique --no-location "$out/fresh.pot" "$pot" -o "$out/unique.pot" 2>/dev/null &&
      msgcomm --more-than=1 --no-location "$out/unique.pot" "$out/fresh.pot" -o - 2>/dev/null | sed '1,/^$/d' >&2 || true
    failed=1
  fi
  shopt -s nullglob
  local catalogues=("$dir"/assets/i18n/*.po)
  shopt -u nullglob
  if ((${#catalogues[@]} == 0)); then
    echo "FAIL: no .po catalogue in $dir/assets/i18n" >&2
    failed=1
  fi
  local po name
  for po in "${catalogues[@]}"; do
    name=${po#"$dir"/}
    if ! msgfmt --check -o /dev/null "$po" 2>"$out/msgfmt"; then
      echo "FAIL: $name does not pass msgfmt --check:" >&2
      sed "s|$dir/||" "$out/msgfmt" >&2
      failed=1
      continue
    fi
    if ! grep -qi '^"Content-Type: text/plain; charset=UTF-8\\n"' "$po"; then
      echo "FAIL: $name must declare charset=UTF-8 (the app reads no other)" >&2
      failed=1
    fi
    # msgcmp fails on a string that is missing, untranslated or fuzzy in the catalogue, naming the
    # line; the merge and msgattrib below then print those entries in full, for whoever fixes them.
    if ! msgcmp "$po" "$out/fresh.pot" 2>"$out/msgcmp"; then
      echo "FAIL: $name does not translate every UI string:" >&2
      grep -v 'warning: this message is not used' "$out/msgcmp" | sed -e "s|$dir/||" -e "s|$out/||" >&2 || true
      msgmerge --quiet --no-fuzzy-matching "$po" "$out/fresh.pot" -o "$out/merged.po"
      echo "-- untranslated or missing in $name:" >&2
      msgattrib --untranslated --no-obsolete --no-location "$out/merged.po" | sed '1,/^$/d' >&2 || true
      echo "-- fuzzy (needs review) in $name:" >&2
      msgattrib --only-fuzzy --no-obsolete --no-location "$out/merged.po" | sed '1,/^$/d' >&2 || true
      failed=1
    fi
  done
  return $failed
}

if [[ $mode == check ]]; then
  check_tree "$root"
  echo "ok: every UI string is in the template and translated in every catalogue"
  exit 0
fi

# self-test: each case breaks a fresh copy of the parts of ROOT the check reads, and the check
# must then fail and name the culprit.
fail() { echo "FAIL: $*" >&2; exit 1; }

copy_tree() {
  local to=$1
  mkdir -p "$to/src/core" "$to/toolchains" "$to/assets"
  cp -r "$root/src/ui" "$root/src/app" "$to/src/"
  cp "$root/src/core/answer_text.cpp" "$root/src/core/answer_validation.cpp" "$to/src/core/"
  cp -r "$root/assets/i18n" "$to/assets/"
  cp "$root/toolchains/update-i18n.sh" "$to/toolchains/"
}

# expect_failure NAME TEXT DIR: the check on DIR fails and its report contains TEXT.
expect_failure() {
  local name=$1 text=$2 dir=$3 got=0
  check_tree "$dir" >"$work/out" 2>&1 || got=$?
  [[ $got != 0 ]] || fail "$name: the check passed but should have failed"
  grep -qF -- "$text" "$work/out" || fail "$name: the report does not mention '$text':$(printf '\n')$(cat "$work/out")"
  echo "ok: $name"
}

first_msgid() {  # the first non-header msgid without a msgctxt, as written on its line (the
                 # cases below put a flag before it and call tr() on it, which a context would break)
  awk '/^msgid "[^"]/ && prev !~ /^msgctxt / { print; exit } { prev = $0 }' "$1"
}

# use_in_sources DIR 'msgid "..."': a source file in DIR's src/ui that shows that string (PO and
# C++ quote strings alike), so the case does not depend on what today's screens call tr() on.
use_in_sources() {
  printf '// i18n self-test probe\nvoid probe_used() { tr(%s); }\n' "${2#msgid }" >"$1/src/ui/zz_i18n_used.cpp"
}

# The positive control: a copy whose sources call tr() on every string of the template passes.
copy_tree "$work/same"
awk '/^msgctxt / { ctx = substr($0, 9); next }
     /^msgid /   { inid = 1; id = substr($0, 7); next }
     /^msgstr/   { if (inid && id != "\"\"") print (ctx != "" ? "trc(" ctx ", " id ");" : "tr(" id ");");
                   inid = 0; ctx = ""; next }
     inid && /^"/ { id = id " " $0 }' "$root/assets/i18n/selfdirect.pot" >"$work/same/src/ui/zz_i18n_all.cpp"
grep -q 'tr(' "$work/same/src/ui/zz_i18n_all.cpp" || fail "the template lists no strings"
check_tree "$work/same" >"$work/out" 2>&1 || fail "a copy using every template string should pass: $(cat "$work/out")"
echo "ok: a copy whose sources use every template string passes"

copy_tree "$work/new-string"
probe="A sentence that no catalogue translates"
printf '// i18n self-test probe\nvoid probe() { tr("%s"); }\n' "$probe" >"$work/new-string/src/ui/zz_i18n_probe.cpp"
expect_failure "a new string in the sources fails the check" "$probe" "$work/new-string"

copy_tree "$work/in-po-not-pot"
probe2="A string translated but missing from the template"
printf 'void probe() { tr("%s"); }\n' "$probe2" >"$work/in-po-not-pot/src/app/zz_i18n_probe.cpp"
for po in "$work"/in-po-not-pot/assets/i18n/*.po; do
  printf '\nmsgid "%s"\nmsgstr "Translated"\n' "$probe2" >>"$po"
done
expect_failure "a string missing from the template fails the check" "missing from assets/i18n/selfdirect.pot" "$work/in-po-not-pot"

copy_tree "$work/fuzzy"
po=$work/fuzzy/assets/i18n/en-x-easyread.po
line=$(first_msgid "$po")
awk -v target="$line" '$0 == target && !done { print "#, fuzzy"; done = 1 } { print }' "$po" >"$po.new" && mv "$po.new" "$po"
use_in_sources "$work/fuzzy" "$line"
expect_failure "a fuzzy translation fails the check" "needs to be reviewed" "$work/fuzzy"

copy_tree "$work/untranslated"
po=$work/untranslated/assets/i18n/en-x-easyread.po
line=$(first_msgid "$po")
# (A translation may run over several lines: its continuation lines go too.)
awk -v target="$line" 'prev == target && /^msgstr / && !done { print "msgstr \"\""; done = 1; skip = 1; prev = $0; next }
     skip && /^"/ { next }
     { skip = 0; print; prev = $0 }' "$po" >"$po.new" && mv "$po.new" "$po"
use_in_sources "$work/untranslated" "$line"
expect_failure "an empty translation fails the check" "untranslated" "$work/untranslated"

copy_tree "$work/broken"
printf '\nmsgid "An unterminated string\nmsgstr "x"\n' >>"$work/broken/assets/i18n/en-x-easyread.po"
expect_failure "a .po that msgfmt rejects fails the check" "does not pass msgfmt --check" "$work/broken"

echo "ok: the check fails on a new, untemplated, fuzzy, untranslated or broken string"
