#include "match/say.h"

#include "i18n/catalog.h"

namespace kindred::say {

using i18n::Fill;
using i18n::Tr;

std::string Term(const std::locale& loc, const std::string& word) {
  // TRANSLATORS: how a person's own word (a passion, an offer, a field) is
  // set into one of your sentences: quoted as a term where your language's
  // grammar needs it, so the sentence stays right whatever the word (German
  // „{word}“, French « {word} », Spanish «{word}», Japanese 「{word}」). See po/STYLE.md.
  return Fill(Tr(loc, "{word}"), {{"word", word}});
}

std::string Passion(const std::locale& loc, const SharedPassion& p, const std::string& other_first) {
  if (SameWord(p.a_word, p.b_word)) return Term(loc, p.a_word);
  // TRANSLATORS: a passion two people share but wrote differently: the
  // reader's word, then the other person's: „Segeln“ (Tanaka: „セーリング“).
  return Fill(Tr(loc, "{mine} ({name}: {theirs})"),
              {{"mine", Term(loc, p.a_word)}, {"name", other_first}, {"theirs", Term(loc, p.b_word)}});
}

std::string BothLove(const std::locale& loc, const Common& c, const std::string& other_first, size_t most) {
  if (c.passions.empty()) return "";
  std::vector<std::string> items;
  for (size_t i = 0; i < c.passions.size() && i < most; ++i) items.push_back(Passion(loc, c.passions[i], other_first));
  return Fill(Tr(loc, "You both love {passions}."), {{"passions", i18n::JoinAnd(loc, items)}});
}

namespace {

// The first `most` offers, as the reader (`giver` or seeker) wrote them.
std::string OfferList(const std::locale& loc, const std::vector<OfferMatch>& offers, bool reader_gives, size_t most) {
  std::vector<std::string> items;
  for (size_t i = 0; i < offers.size() && i < most; ++i)
    items.push_back(Term(loc, reader_gives ? offers[i].giver_word : offers[i].seeker_word));
  return i18n::JoinAnd(loc, items);
}

}  // namespace

std::vector<std::string> Reasons(const std::locale& loc, const Common& c, const std::string& other_first,
                                 bool fallback) {
  std::vector<std::string> why;
  if (!c.passions.empty()) why.push_back(BothLove(loc, c, other_first));
  if (c.passions.empty() && !c.related.empty())
    why.push_back(Fill(Tr(loc, "You love {yours} and {name} loves {theirs}."),
                       {{"yours", Term(loc, c.related[0].a_word)},
                        {"name", other_first},
                        {"theirs", Term(loc, c.related[0].b_word)}}));
  if (!c.b_offers_a.empty())
    why.push_back(Fill(Tr(loc, "{name} offers {offers}, which you are looking for."),
                       {{"name", other_first}, {"offers", OfferList(loc, c.b_offers_a, false, 2)}}));
  if (!c.a_offers_b.empty())
    why.push_back(Fill(Tr(loc, "{name} is looking for {offers}, which you offer."),
                       {{"name", other_first}, {"offers", OfferList(loc, c.a_offers_b, true, 2)}}));
  if (fallback && c.same_field)
    why.push_back(Fill(Tr(loc, "You both work in {field}: compare notes."), {{"field", Term(loc, c.a_field)}}));
  else if (!c.same_field && !c.a_field.empty() && !c.b_field.empty() && !why.empty())
    why.push_back(Fill(Tr(loc, "{name} works in {field}, a different field from yours."),
                       {{"name", other_first}, {"field", Term(loc, c.b_field)}}));
  if (c.same_stage && !why.empty())
    why.push_back(Fill(Tr(loc, "You are both at the same stage: {stage}."), {{"stage", Term(loc, c.a_stage)}}));
  return why;
}

std::string Sentences(const std::locale& loc, const std::vector<std::string>& sentences) {
  // TRANSLATORS: what goes between two sentences (a space; nothing where
  // sentences end in a full-width stop, as in Japanese).
  const std::string between = Tr(loc, "{first} {second}");
  std::string out;
  for (const std::string& s : sentences) out = out.empty() ? s : Fill(between, {{"first", out}, {"second", s}});
  return out;
}

namespace {

// The template for `kind` filled in: the two readers' own (both-*), else
// one reader's with {name} as the catalogue says "each other", else an
// open question.
std::string FillStarter(const StarterTemplates& starters, const std::locale& loc, StarterKind kind, Audience audience,
                        const std::string& key, std::map<std::string, std::string> values) {
  if (starters.Has(kind, audience)) return starters.Fill(kind, audience, key, values);
  if (audience == Audience::kBoth && starters.Has(kind, Audience::kOne)) {
    // TRANSLATORS: {name} in a question two people read together, only for a
    // starters file that has no both-* line of its own: "Ask each other: ...".
    values["name"] = Tr(loc, "each other");
    return starters.Fill(kind, Audience::kOne, key, values);
  }
  return kind == StarterKind::kOpen ? "" : FillStarter(starters, loc, StarterKind::kOpen, audience, key, values);
}

}  // namespace

std::string Question(const StarterTemplates& starters, const std::locale& loc, const Common& c,
                     const std::string& other_first, const std::string& key) {
  std::map<std::string, std::string> values{{"name", other_first}};
  StarterKind kind = StarterKind::kOpen;
  if (!c.passions.empty()) {
    kind = StarterKind::kPassion, values["passion"] = Term(loc, c.passions[0].a_word);
  } else if (!c.related.empty()) {  // about their passion: the question is put to them, in their words
    kind = StarterKind::kPassion, values["passion"] = Term(loc, c.related[0].b_word);
  } else if (!c.b_offers_a.empty()) {
    kind = StarterKind::kOffer, values["offer"] = Term(loc, c.b_offers_a[0].seeker_word);
  } else if (!c.a_offers_b.empty()) {
    kind = StarterKind::kOffer, values["offer"] = Term(loc, c.a_offers_b[0].giver_word);
  } else if (c.same_field) {
    kind = StarterKind::kField, values["field"] = Term(loc, c.a_field);
  }
  return FillStarter(starters, loc, kind, Audience::kOne, key, values);
}

std::string JointQuestion(const StarterTemplates& starters, const std::locale& loc, const Common& c,
                          const std::string& key, bool readers_words_only) {
  auto both = [&loc, readers_words_only](const std::string& a, const std::string& b) {
    return readers_words_only || SameWord(a, b) ? Term(loc, a) : Term(loc, a) + " / " + Term(loc, b);
  };
  std::map<std::string, std::string> values;
  StarterKind kind = StarterKind::kOpen;
  if (!c.passions.empty()) {
    kind = StarterKind::kPassion, values["passion"] = both(c.passions[0].a_word, c.passions[0].b_word);
  } else if (!c.a_offers_b.empty()) {
    kind = StarterKind::kOffer, values["offer"] = both(c.a_offers_b[0].giver_word, c.a_offers_b[0].seeker_word);
  } else if (!c.b_offers_a.empty()) {
    kind = StarterKind::kOffer, values["offer"] = both(c.b_offers_a[0].seeker_word, c.b_offers_a[0].giver_word);
  } else if (c.same_field) {
    kind = StarterKind::kField, values["field"] = both(c.a_field, c.b_field);
  }
  return FillStarter(starters, loc, kind, Audience::kBoth, key, values);
}

}  // namespace kindred::say
