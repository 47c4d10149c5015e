// The conversation matcher: who an attendee should talk to, and why.
//
// Built on Kindred's view of networking: a few deep conversations over many
// shallow ones, leading with what people are passionate about, meeting people
// outside one's own field and peers at a similar stage, offering before asking.
// Plain C++: no UI, no SQL. Deterministic: the same roster gives the same
// suggestions, ties broken by badge ID.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "i18n/catalog.h"
#include "match/shared.h"
#include "match/starters.h"
#include "match/tags.h"
#include "match/words.h"
#include "storage/attendee.h"

namespace kindred {

// Each part of a suggestion's score, shown to organisers and tested alone.
// passion..stage are what the suggestion is worth to the person asking;
// `theirs` is what the same meeting is worth to the person suggested. A
// conversation needs two willing people: ranking uses the harmonic mean of
// the two (mutual), discounted for people suggested often today and a little
// raised for people suggested less (exposure).
struct ScoreParts {
  double passion = 0;     // shared passions, word by word, each word weighted by its rarity
  double complement = 0;  // they offer what you look for (and, at half, you offer what they look for)
  double field = 0;       // bonus: a different field, with shared passions
  double stage = 0;       // smaller bonus: the same career stage
  double theirs = 0;      // the same sum from the other person's side
  double exposure = 1;    // below 1 for someone suggested more than the event's mean today, up to
                          // 1.3 for someone suggested less (nobody yet: the most)
  double total() const { return passion + complement + field + stage; }
  double mutual() const {
    const double mine = total();
    return mine > 0 && theirs > 0 ? 2 * mine * theirs / (mine + theirs) : 0;
  }
  double score() const { return mutual() * exposure; }
};

struct MatcherWeights {
  double complement_match = 3.0;  // per offer/ask match: for the one who looks for it
  double giving = 0.5;            // ...and this share of it for the one who offers
  double different_field = 1.5;
  double same_stage = 0.75;
};

struct Suggestion {
  std::string id;
  std::string name;
  ScoreParts parts;
  bool present = false;                 // at the event now
  std::string last_seen_at;             // UTC ISO 8601 of their last scan; "" if unknown
  int exposure = 0;                     // times suggested to someone today, before this
  bool fallback = false;                // no shared passion or offer: a same-field peer
  Common common;                        // what you share: you are a, they are b (Matcher::Between)
  std::vector<std::string> reasons;     // why, a whole sentence each, in the reader's language
  std::string reason;                   // the reasons, one after the other
  std::string starter;                  // "Ask Maya: what got you into “jazz”?"
};

// What two people who just met have in common, and how to start.
struct EncounterCard {
  Common common;        // a is the one whose badge came first
  std::string starter;  // the question both read together, in the card's language
};

struct MatcherOptions {
  MatcherWeights weights;
  // The roster's languages, for word forms (Snowball names or ISO codes).
  std::vector<std::string> languages = {"english"};
};

class Matcher {
 public:
  // Indexes `attendees` (copied; the matcher owns its data). Passions are
  // read as people write them: each entry may hold several ("cycling, jazz")
  // or a sentence ("I spend my weekends restoring old boats"); they match word
  // by word, in any order, across word forms and one-letter typos in long
  // words, with the synonyms applied to whole passions and single words.
  Matcher(const std::vector<Attendee>& attendees, const TagSynonyms& synonyms,
          StarterTemplates starters = {}, MatcherOptions options = {});

  size_t size() const { return people_.size(); }
  bool Contains(const std::string& id) const { return index_of_.count(id) > 0; }

  // Adds someone who joined at a kiosk (a walk-in); nothing if `a.badge_id`
  // is known. They come after everyone else in SuggestAll's order.
  void AddAttendee(const Attendee& a);

  // Records that two people met: neither is suggested to the other again.
  void AddEncounter(const std::string& a, const std::string& b);
  // Marks someone as at the event now (checked in or scanned today).
  void MarkPresent(const std::string& id);
  // Records when someone was last seen (UTC ISO 8601), for "last seen" hints.
  void MarkSeen(const std::string& id, const std::string& at);
  // Records that `id` was suggested to someone `times` more times today.
  // People suggested more than the event's mean are discounted, so that no
  // one draws a crowd and everyone is sought out.
  void AddExposure(const std::string& id, int times = 1);
  int Exposure(const std::string& id) const;
  double MeanExposure() const;

  // Replaces one person's passions (chosen at the kiosk). The rarity weights
  // of the words involved are updated; everyone else's index stays.
  void UpdatePassions(const std::string& id, const std::vector<std::string>& passions);

  // Up to `k` people for `id` to talk to, best first; people present now come
  // before the rest, then by ScoreParts::score(). Never `id` itself, anyone
  // already met or anyone who opted out. The list is diverse: a candidate who
  // shares only passions already covered by an earlier pick counts half.
  // With no shared passions or offers at all, same-field peers are suggested
  // (marked fallback). Empty if `id` is unknown.
  std::vector<Suggestion> Suggest(const std::string& id, int k) const;
  // The same, with reasons and starters in `lang` (an i18n language code),
  // starters from AddStarters(lang, ...) when given, else the English ones.
  std::vector<Suggestion> Suggest(const std::string& id, int k, const std::string& lang) const;

  // `ids` explained for `id` as Suggest explains them, in that order, without
  // anyone `id` has met since or who opted out: the same people again for
  // someone who scans twice.
  std::vector<Suggestion> SuggestThese(const std::string& id, const std::vector<std::string>& ids,
                                       const std::string& lang) const;

  // The same answer as Suggest, by scoring everyone (the reference the
  // inverted index is measured and tested against).
  std::vector<Suggestion> SuggestByScan(const std::string& id, int k) const;

  // Everyone's suggestions, each as Suggest gives them, in badge ID order
  // (people added by AddAttendee last), computed on `threads` threads.
  std::vector<std::vector<Suggestion>> SuggestAll(int k, int threads) const;

  // Everyone's suggestions balanced over the whole event, in badge ID order:
  // nobody is in more than 2k lists, and everyone who matches anyone at all
  // is in at least one (each is put first in the list of the person who suits
  // them best and has room). Deterministic. Never self, met or opted out.
  std::vector<std::vector<Suggestion>> SuggestBalanced(int k, int threads) const;

  // What a and b share: the one answer to that question (match/shared.h).
  // Empty when either is unknown.
  Common Between(const std::string& a, const std::string& b) const;

  // The card for two people who met. REQUIRES: Contains(a) && Contains(b).
  // Its starter is in `lang` (an i18n language code), with each one's words.
  EncounterCard Card(const std::string& a, const std::string& b, const std::string& lang = "en") const;
  // Who reads a card's opening question: both together (one language, each
  // one's words where they differ), or one of a pair who read different
  // languages (each their own line, in their language, with their words).
  enum class CardReader { kBoth, kA, kB };
  // The opening question of `card` (Card(a, b)) in `lang` for `reader`,
  // without working the card out again.
  std::string CardStarter(const EncounterCard& card, const std::string& a, const std::string& b,
                          const std::string& lang, CardReader reader = CardReader::kBoth) const;
  // A question for `reader` to put to `other`, about what they share, in
  // the reader's language and words (the follow-ups): "Ask José: what got
  // you into “jazz”?".
  std::string QuestionFor(const std::string& reader, const std::string& other, const std::string& lang) const;

  // Conversation starters for `lang` (assets/starters.<lang>.txt).
  void AddStarters(const std::string& lang, StarterTemplates starters);

  // The group a passion as written belongs to (SharedPassion::group): the
  // same for every way of writing it that matches ("Segeln", "sailing").
  std::string GroupOf(const std::string& passion) const;
  // A group's name for readers of `lang`: the synonyms' name for it there,
  // else the word most people of that language wrote for it, else the
  // synonyms' own name, else the word most people wrote.
  std::string GroupLabel(const std::string& group, const std::string& lang) const;

  // The event's passions by group, most held first, named for readers of
  // `lang` (GroupLabel): for people who have none yet.
  std::vector<std::string> PopularPassions(size_t limit, const std::string& lang = "en") const;

  // Approximate heap bytes held by the index.
  size_t MemoryBytes() const;

 private:
  using TagId = uint32_t;
  using WordId = uint32_t;
  struct Passion {
    std::string written;        // as the person wrote it
    std::vector<WordId> words;  // sorted, unique
    double weight = 0;          // its words' weights, added in ascending order
    std::string group;          // GroupOf: the words' keys, in order
  };
  struct Person {
    std::string id;
    std::string name;
    std::string field_display;
    std::string stage_display;
    std::string last_seen_at;
    std::string language;       // their own (i18n code), "" for the event's
    std::vector<Passion> passions;
    std::vector<TagId> offers;  // sorted, unique
    std::vector<TagId> seeking;
    std::vector<std::string> offers_written;   // parallel to offers: as they wrote each
    std::vector<std::string> seeking_written;  // parallel to seeking
  };
  struct Candidate {
    uint32_t person;
    ScoreParts parts;
    bool present;
    bool fallback;
  };
  // How well passion x matches passion y: S * (S / min(Tx, Ty))^2, where S
  // weighs the shared words and T each passion's words: "gardening" inside
  // "urban gardening" counts whole, one common word in two long passions little.
  static double PassionMatch(double shared, double tx, double ty);

  // The ranking order: present people first, then by score, then by ID.
  static bool Better(const Candidate& x, const Candidate& y);
  // Keeps the best `size` candidates in *pool (a heap, worst on top).
  static void Offer(std::vector<Candidate>* pool, size_t size, const Candidate& c);
  TagId Intern(const std::string& raw);
  WordId InternWord(const std::string& folded, const std::string& written);
  std::vector<Passion> ReadPassions(const std::vector<std::string>& raw);
  // The content words of one passion as written, synonyms applied.
  std::vector<PassionWord> WordsOf(const std::string& passion) const;
  // Appends `a` to people_ and hot_ (not to the indexes).
  void AppendPerson(const Attendee& a);
  void IndexPassions(uint32_t person, int delta);
  // Sets the rarity weights of `words` and of every passion holding them.
  void SetWeights(std::vector<WordId> words);
  double ExposureFactor(uint32_t b) const;
  uint32_t InternWord(std::unordered_map<std::string, uint32_t>* ids, const std::string& raw);
  // Both sides' passion sums from the shared weights s(i, j) of a's passion i
  // and b's passion j (row-major, a's passions by b's).
  void PassionSums(uint32_t a, uint32_t b, const double* shared, double* mine, double* theirs) const;
  void FinishParts(uint32_t a, uint32_t b, int a_seeks, int b_seeks, ScoreParts* parts) const;
  ScoreParts ScorePair(uint32_t a, uint32_t b) const;
  bool Excluded(uint32_t a, uint32_t b) const;
  std::vector<Candidate> Candidates(uint32_t a, size_t pool) const;
  void AddFallbacks(uint32_t a, int k, std::vector<Candidate>* out) const;
  std::vector<Suggestion> Select(uint32_t a, std::vector<Candidate> candidates, int k,
                                 const std::string& lang) const;
  Suggestion Explain(uint32_t a, const Candidate& c, const std::string& lang) const;
  // Sets s's reasons and starter, for `pa` about `pb`, in `lang`.
  void Phrase(const Person& pa, const Person& pb, const std::string& lang, Suggestion* s) const;
  const StarterTemplates& StartersFor(const std::string& lang) const;
  // Between, by index.
  Common CommonOf(uint32_t a, uint32_t b) const;
  std::vector<uint32_t> MatchedPassions(uint32_t a, uint32_t b) const;
  // What `giver` offers that `seeker` looks for, in each one's words.
  std::vector<OfferMatch> Matches(const Person& giver, const Person& seeker) const;
  // The group key of passion words (sorted ids): their keys, in order.
  std::string GroupKey(const std::vector<WordId>& words) const;

  TagSynonyms synonyms_;
  std::unordered_map<std::string, std::string> canonical_of_group_;  // group -> the synonyms' canonical
  StarterTemplates starters_;
  std::map<std::string, StarterTemplates> starters_by_lang_;
  MatcherWeights weights_;
  std::unique_ptr<WordKeys> keys_;
  std::vector<Person> people_;  // sorted by id
  std::unordered_map<std::string, uint32_t> index_of_;
  // Offers and asks: whole phrases as tags.
  std::unordered_map<std::string, TagId> tag_ids_;
  std::vector<std::string> tag_display_;
  std::vector<std::vector<uint32_t>> by_offer_;    // tag -> people, ascending
  std::vector<std::vector<uint32_t>> by_seeking_;
  // Passions: words.
  std::unordered_map<std::string, WordId> word_ids_;           // key -> word
  std::unordered_map<std::string, std::vector<WordId>> near_;  // one-deletion variants of long keys -> words
  std::vector<std::string> word_keys_;
  std::vector<std::string> word_written_;           // each word as first written, for people to read
  std::vector<double> word_weight_;                 // rarity: log(1 + N / people with the word)
  std::vector<uint32_t> word_people_;               // how many people have the word
  std::vector<std::vector<uint32_t>> by_word_;      // word -> people, once per passion with it, ascending
  std::unordered_map<std::string, uint32_t> field_ids_;
  std::unordered_map<std::string, uint32_t> stage_ids_;
  std::vector<std::vector<uint32_t>> by_field_;
  std::vector<std::vector<uint32_t>> met_;  // person -> people met, sorted
  uint64_t total_exposure_ = 0;
  // Per-person data the scoring loop reads for every candidate, packed apart
  // from people_ (which is cold), so it stays in cache.
  struct Hot {
    uint32_t field;   // 0: none
    uint32_t stage;   // 0: none
    uint32_t exposure;
    uint8_t opt_out;
    uint8_t present;
  };
  std::vector<Hot> hot_;  // parallel to people_
};

}  // namespace kindred
