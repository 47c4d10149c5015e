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
#include <string>
#include <unordered_map>
#include <vector>

#include "match/starters.h"
#include "match/tags.h"
#include "storage/attendee.h"

namespace kindred {

// Each part of a suggestion's score, shown to organisers and tested alone.
struct ScoreParts {
  double passion = 0;     // shared passions, each weighted by its rarity at this event
  double complement = 0;  // what one is looking for matches what the other offers
  double field = 0;       // bonus: a different field, with shared passions
  double stage = 0;       // smaller bonus: the same career stage
  double total() const { return passion + complement + field + stage; }
};

struct MatcherWeights {
  double complement_match = 3.0;  // per offer/ask match, either direction
  double different_field = 1.5;
  double same_stage = 0.75;
};

struct Suggestion {
  std::string id;
  std::string name;
  ScoreParts parts;
  bool present = false;                 // at the event now
  bool fallback = false;                // no shared passion or offer: a same-field peer
  std::vector<std::string> shared;      // shared passions, rarest first
  std::vector<std::string> they_offer;  // what they offer that you are looking for
  std::vector<std::string> you_offer;   // what you offer that they are looking for
  std::string reason;                   // "You are both passionate about ..."
  std::string starter;                  // "Ask Maya: what got you into ...?"
};

struct FollowUpIntent {
  const char* id;     // stored with the encounter: "send-contact", ...
  const char* label;  // shown on the kiosk
};
// The follow-up intents offered on every encounter card.
extern const std::vector<FollowUpIntent> kFollowUpIntents;

// The card's starter is read by both people at once, so it says "Ask each
// other: ..."; a follow-up written to one of them puts the other's name here.
inline constexpr const char* kEachOther = "each other";

// What two people who just met have in common, and how to start.
struct EncounterCard {
  std::vector<std::string> shared;      // shared passions, rarest first
  std::string common_field;             // non-empty when both work in the same field
  std::vector<std::string> a_offers_b;  // a offers what b is looking for
  std::vector<std::string> b_offers_a;
  std::string starter;
};

class Matcher {
 public:
  // Indexes `attendees` (copied; the matcher owns its data).
  Matcher(const std::vector<Attendee>& attendees, const TagSynonyms& synonyms,
          StarterTemplates starters = {}, MatcherWeights weights = {});

  size_t size() const { return people_.size(); }
  bool Contains(const std::string& id) const { return index_of_.count(id) > 0; }

  // Records that two people met: neither is suggested to the other again.
  void AddEncounter(const std::string& a, const std::string& b);
  // Marks someone as at the event now (checked in or scanned today).
  void MarkPresent(const std::string& id);

  // Replaces one person's passions (chosen at the kiosk). The rarity weights
  // of the passions involved are updated; everyone else's index stays.
  void UpdatePassions(const std::string& id, const std::vector<std::string>& passions);

  // Up to `k` people for `id` to talk to, best first; people present now come
  // before the rest. Never `id` itself, anyone already met or anyone who opted
  // out. The list is diverse: a candidate who shares only passions already
  // covered by an earlier pick counts half. With no shared passions or offers
  // at all, same-field peers are suggested (marked fallback). Empty if `id` is
  // unknown.
  std::vector<Suggestion> Suggest(const std::string& id, int k) const;

  // The same answer as Suggest, by scoring everyone (the reference the
  // inverted index is measured and tested against).
  std::vector<Suggestion> SuggestByScan(const std::string& id, int k) const;

  // Everyone's suggestions, in badge ID order, computed on `threads` threads.
  std::vector<std::vector<Suggestion>> SuggestAll(int k, int threads) const;

  // The card for two people who met. REQUIRES: Contains(a) && Contains(b).
  EncounterCard Card(const std::string& a, const std::string& b) const;

  // The event's passions, most common first, for people who have none yet.
  std::vector<std::string> PopularPassions(size_t limit) const;

  // Approximate heap bytes held by the index.
  size_t MemoryBytes() const;

 private:
  using TagId = uint32_t;
  struct Person {
    std::string id;
    std::string name;
    std::string field_display;
    std::string stage_display;
    std::vector<TagId> passions;  // sorted, unique
    std::vector<TagId> offers;
    std::vector<TagId> seeking;
  };
  struct Candidate {
    uint32_t person;
    ScoreParts parts;
    bool present;
    bool fallback;
  };

  // The ranking order: present people first, then by score, then by ID.
  static bool Better(const Candidate& x, const Candidate& y);
  // Keeps the best `size` candidates in *pool (a heap, worst on top).
  static void Offer(std::vector<Candidate>* pool, size_t size, const Candidate& c);
  TagId Intern(const std::string& raw);
  uint32_t InternWord(std::unordered_map<std::string, uint32_t>* ids, const std::string& raw);
  ScoreParts ScorePair(uint32_t a, uint32_t b) const;
  bool Excluded(uint32_t a, uint32_t b) const;
  void AddFallbacks(uint32_t a, int k, std::vector<Candidate>* out) const;
  std::vector<Suggestion> Select(uint32_t a, std::vector<Candidate> candidates, int k) const;
  Suggestion Explain(uint32_t a, const Candidate& c) const;
  std::vector<std::string> SharedPassions(uint32_t a, uint32_t b) const;
  std::vector<std::string> Matches(const std::vector<TagId>& offers,
                                   const std::vector<TagId>& seeking) const;

  TagSynonyms synonyms_;
  StarterTemplates starters_;
  MatcherWeights weights_;
  std::vector<Person> people_;  // sorted by id
  std::unordered_map<std::string, uint32_t> index_of_;
  std::unordered_map<std::string, TagId> tag_ids_;
  std::vector<std::string> tag_display_;
  std::vector<double> tag_weight_;                 // rarity weight of each passion tag
  std::vector<std::vector<uint32_t>> by_passion_;  // tag -> people, ascending
  std::vector<std::vector<uint32_t>> by_offer_;
  std::vector<std::vector<uint32_t>> by_seeking_;
  std::unordered_map<std::string, uint32_t> field_ids_;
  std::unordered_map<std::string, uint32_t> stage_ids_;
  std::vector<std::vector<uint32_t>> by_field_;
  std::vector<std::vector<uint32_t>> met_;  // person -> people met, sorted
  // Per-person data the scoring loop reads for every candidate, packed apart
  // from people_ (which is cold), so it stays in cache.
  struct Hot {
    uint32_t field;   // 0: none
    uint32_t stage;   // 0: none
    uint8_t opt_out;
    uint8_t present;
  };
  std::vector<Hot> hot_;  // parallel to people_
};

}  // namespace kindred
