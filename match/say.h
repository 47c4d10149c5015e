// How each person reads what they share with someone (match/shared.h): in
// their own language, in their own words, with the other person's words
// beside theirs where the two wrote it differently. The one place the
// sentences about two people are made, for the kiosk, the phone pages, the
// follow-up files and e-mails.
//
// Every function speaks to the reader as `a` of `c` ("you"), about `b`
// (named by their first name); Common::Flipped() turns a Common round for
// the other reader. A person's word is set into a sentence only through
// Term, so each language quotes it as its style guide says (po/STYLE.md)
// and the sentence stays grammatical whatever the word.
#pragma once

#include <locale>
#include <string>
#include <vector>

#include "match/shared.h"
#include "match/starters.h"

namespace kindred::say {

// `word` set into a sentence of `loc`'s language as a term: jazz (English),
// „Segeln“, « apiculture », «apicultura», 「セーリング」.
std::string Term(const std::locale& loc, const std::string& word);

// One shared passion as the reader reads it: their word, and the other's
// beside it where they wrote it otherwise: „Segeln“ (Tanaka: „セーリング“).
std::string Passion(const std::locale& loc, const SharedPassion& p, const std::string& other_first);

// "You both love jazz and „urban beekeeping“." (at most `most` passions);
// "" when they share none.
std::string BothLove(const std::locale& loc, const Common& c, const std::string& other_first, size_t most = 3);

// Why the reader should meet the other, one whole sentence each, strongest
// first: what they both love, one passion inside the other's, what one
// offers and the other looks for, a different field, the same stage; with
// `fallback`, that they work in the same field (nothing else shared).
std::vector<std::string> Reasons(const std::locale& loc, const Common& c, const std::string& other_first,
                                 bool fallback);

// Sentences one after another, as `loc`'s language writes them.
std::string Sentences(const std::locale& loc, const std::vector<std::string>& sentences);

// The question the reader puts to the other (`other_first`), about what
// they share, in the reader's words; `key` picks the template (the same
// pair, the same question).
std::string Question(const StarterTemplates& starters, const std::locale& loc, const Common& c,
                     const std::string& other_first, const std::string& key);

// The question the two read together on the card, in `loc`'s language:
// both words where they wrote a shared passion differently. With
// `readers_words_only`, only `a`'s words: the line of a pair who read
// different languages that `a` reads (the other reads theirs, from
// c.Flipped(), in their language).
std::string JointQuestion(const StarterTemplates& starters, const std::locale& loc, const Common& c,
                          const std::string& key, bool readers_words_only = false);

}  // namespace kindred::say
