#!/bin/sh
# The catalogues are complete and current: po/kindred.pot holds every string
# the sources mark (as po/update.sh would make it), and each po/<lang>.po
# translates every one of them, none fuzzy. Run by CTest (i18n_catalogues).
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
xgettext --from-code=UTF-8 --language=C++ --c++ --sort-by-file --add-comments=TRANSLATORS: \
  --keyword=Tr:2 --keyword=TrN:2,3 --keyword=N_ \
  -o "$tmp/now.pot" $(git ls-files '*.cc' '*.h' | grep -v -e '_test\.cc$' -e '^tests/' -e '^fuzz/' -e '^bench/')
ids() { msgcat --no-wrap --no-location --sort-output "$1" | grep -E '^msgid(_plural)? ' ; }
if ! ids "$tmp/now.pot" | diff -u - "$(ids po/kindred.pot > "$tmp/pot.ids"; echo "$tmp/pot.ids")" > "$tmp/diff"; then
  echo "po/kindred.pot is out of date with the sources: run po/update.sh" >&2
  cat "$tmp/diff" >&2
  exit 1
fi
status=0
for po in po/*.po; do
  stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1)
  case "$stats" in
    *untranslated*|*fuzzy*) echo "$po: $stats" >&2; status=1 ;;
  esac
  missing=$(msgcmp --use-untranslated "$po" po/kindred.pot 2>&1) || { echo "$po: $missing" >&2; status=1; }
done
exit $status
