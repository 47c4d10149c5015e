#!/bin/sh
# Extracts every translatable string from the sources into po/kindred.pot and
# merges it into each language's catalogue. Run it after changing a string a
# person reads; translators then fill in po/<lang>.po (fuzzy and untranslated
# entries fail the build's test, i18n_test).
#   po/update.sh            from the project root
set -eu
cd "$(dirname "$0")/.."
xgettext --from-code=UTF-8 --language=C++ --c++ --sort-by-file --add-comments=TRANSLATORS: \
  --keyword=Tr:2 --keyword=TrN:2,3 --keyword=N_ --keyword=Ui:2 \
  --package-name=Kindred --msgid-bugs-address=kindred@example.org \
  -o po/kindred.pot $(git ls-files '*.cc' '*.h' | grep -v -e '_test\.cc$' -e '^tests/' -e '^fuzz/' -e '^bench/')
sed -i "s/charset=CHARSET/charset=UTF-8/" po/kindred.pot
for po in po/*.po; do
  msgmerge --quiet --update --backup=none --no-fuzzy-matching "$po" po/kindred.pot
done
