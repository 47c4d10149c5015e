// What two people share: decided once, by Matcher::Between, for every
// screen, page, e-mail, vCard note and dashboard that mentions it; and said
// to each of them in their own words and language by match/say.h.
//
// A passion is shared when both hold the same one: the same words once
// synonyms and word forms are applied ("Segeln", "セーリング" and "sailing"
// are one group). Each keeps their own word for it. One passion inside the
// other ("gardening" / "urban gardening") is related, never claimed as
// shared; one word in common ("urban gardening" / "urban planning") is
// neither.
#pragma once

#include <string>
#include <vector>

namespace kindred {

// One passion both hold, or (in Common::related) one inside the other.
struct SharedPassion {
  std::string group;   // the group both words belong to: the same key for everyone who holds it
  std::string a_word;  // as a wrote it
  std::string b_word;  // as b wrote it
};

// What one of them offers and the other looks for, each in their own words.
struct OfferMatch {
  std::string giver_word;   // as the one who offers wrote it
  std::string seeker_word;  // as the one who looks for it wrote it
};

struct Common {
  std::vector<SharedPassion> passions;  // both hold them, strongest first
  std::vector<SharedPassion> related;   // one inside the other: said as each one's own, never as shared
  std::vector<OfferMatch> a_offers_b;   // a offers what b looks for
  std::vector<OfferMatch> b_offers_a;
  std::string a_field, b_field;         // as each wrote it ("" when not given)
  bool same_field = false;              // both work in the same field
  std::string a_stage, b_stage;
  bool same_stage = false;              // both at the same career stage
  std::vector<std::string> words;       // a's words that matched b's (organisers: why the score)

  // The same, seen from b's side: a and b swapped.
  Common Flipped() const;
  // The shared passions as a wrote them.
  std::vector<std::string> PassionWords() const;
  // Nothing at all in common: no passion, related passion, offer, field or stage.
  bool empty() const;
};

// What an encounter keeps of the passions two people share, for organisers'
// records (encounters.csv): each as a wrote it, and as b did where that
// differs ("Segeln / セーリング").
std::vector<std::string> ForTheRecord(const Common& c);

// Whether two words for one passion are the same as written, letter case,
// accents and punctuation aside ("Jazz" and "jazz" are; "Segeln" and
// "sailing" are not).
bool SameWord(const std::string& x, const std::string& y);

}  // namespace kindred
