#!/usr/bin/env bash
# Keeps the UI string catalogues (assets/i18n/) in step with the sources, so that a string added
# to a screen cannot silently stay English: extracts every string marked tr("..."),
# tr_noop("...") or trc("context", "...") in src/ui and src/app (and the form engine's answer
# messages in src/core) into the template
# assets/i18n/selfdirect.pot, then merges the template into every .po there (a new string arrives
# untranslated, a changed one arrives fuzzy with the old English shown, both for a translator to
# finish). The ctest "i18n: ..." cases fail until they are. See docs/configuration.md, "Languages".
#
#   toolchains/update-i18n.sh                   refresh the template and every catalogue
#   toolchains/update-i18n.sh --extract FILE    only write a fresh template to FILE; nothing in the
#                                               checkout changes (the tests use this)
#   --root DIR                                  work on another checkout (default: this script's)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
extract_to=""
while (($#)); do
  case $1 in
    --extract) [[ $# -ge 2 ]] || { echo "update-i18n.sh: --extract needs a file" >&2; exit 2; }
               extract_to=$2; shift 2 ;;
    --root)    [[ $# -ge 2 && -d ${2:-} ]] || { echo "update-i18n.sh: --root needs a directory" >&2; exit 2; }
               root=$(cd "$2" && pwd); shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *)         echo "update-i18n.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for tool in xgettext msgmerge msgfmt; do
  command -v "$tool" >/dev/null || { echo "update-i18n.sh: $tool not found (apt-get install gettext)" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/selfdirect-i18n-XXXXXX")
trap 'rm -rf "$work"' EXIT

# Sorted relative paths: the template's order and its "#:" references do not depend on the
# machine, and references carry no line numbers, so moving code does not churn every catalogue.
# The form engine's messages a person reads (a number out of range, "Enter a whole number.") are
# marked tr_noop in core and translated by the journey that shows them.
(cd "$root" && { find src/ui src/app -type f \( -name '*.cpp' -o -name '*.h' \); \
                 echo src/core/answer_text.cpp; echo src/core/answer_validation.cpp; } | LC_ALL=C sort) >"$work/files"
(cd "$root" && xgettext --from-code=UTF-8 --language=C++ -k -ktr -ktr_noop -ktrc:1c,2 \
   --add-comments=TRANSLATORS: --add-location=file --package-name=selfdirect --force-po \
   --files-from="$work/files" --output="$work/fresh.pot")
# The sources are UTF-8; xgettext writes the placeholder "CHARSET" while every string is ASCII.
sed -i -e 's/charset=CHARSET/charset=UTF-8/' \
       -e '1s/.*/# selfdirect UI strings: the template. Made by toolchains\/update-i18n.sh; do not edit by hand./' \
       "$work/fresh.pot"
count=$(msgfmt --statistics -o /dev/null "$work/fresh.pot" 2>&1 | sed -n 's/.* \([0-9][0-9]*\) untranslated message.*/\1/p' || true)
count=${count:-0}

if [[ -n $extract_to ]]; then
  cp "$work/fresh.pot" "$extract_to"
  exit 0
fi

# Merging an empty template would mark every translation obsolete: that only happens when the
# sources lost their tr() calls, which is a mistake to stop on, not to commit.
if [[ $count == 0 ]]; then
  echo "update-i18n.sh: no tr(\"...\") strings found in src/ui or src/app; the template and catalogues are left alone" >&2
  exit 1
fi

pot=$root/assets/i18n/selfdirect.pot
mkdir -p "$root/assets/i18n"
# Keep the old file when only POT-Creation-Date changed, so a no-op run changes nothing.
if [[ -f $pot ]] && diff -q <(grep -v '^"POT-Creation-Date:' "$pot") <(grep -v '^"POT-Creation-Date:' "$work/fresh.pot") >/dev/null; then
  echo "template unchanged: $count strings in ${pot#"$root"/}"
else
  cp "$work/fresh.pot" "$pot"
  echo "template written: $count strings in ${pot#"$root"/}"
fi

shopt -s nullglob
for po in "$root"/assets/i18n/*.po; do
  msgmerge --quiet --update --backup=none --previous "$po" "$pot"
  echo "${po#"$root"/}: $(msgfmt --statistics -o /dev/null "$po" 2>&1)"
done
