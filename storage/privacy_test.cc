// Personal data with an end: forgetting one person, shredding the event,
// and backups sealed to the organiser's key.
#include <gtest/gtest.h>
#include <sodium.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/file.h"
#include "storage/event_db.h"
#include "storage/sealed_file.h"
#include "tests/support/people.h"
#include "tests/support/test_support.h"

namespace kindred {
namespace {

namespace fs = std::filesystem;

// Someone at Acme who shares their contact details.
Attendee AcmePerson(const std::string& id, const std::string& name, const std::string& email,
                    std::vector<std::string> passions) {
  return test::Someone(id, name).Email(email).Company("Acme").Passions(std::move(passions)).Consent();
}

// Every text value in every table of the SQLite file at `path`.
std::string EveryValue(const std::string& path) {
  sqlite3* db = nullptr;
  std::string all;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return all;
  std::vector<std::string> tables;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table'", -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  for (const std::string& t : tables) {
    sqlite3_prepare_v2(db, ("SELECT * FROM \"" + t + "\"").c_str(), -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW)
      for (int c = 0; c < sqlite3_column_count(st); ++c)
        if (const unsigned char* v = sqlite3_column_text(st, c)) all += t + ":" + reinterpret_cast<const char*>(v) + "\n";
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return all;
}

std::string Bytes(const std::string& path) {
  std::string out, err;
  ReadWholeFile(path, &out, &err);
  return out;
}

class PrivacyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::MakeTempDir();
    path_ = dir_ + "/event.db";
    db_ = Open(path_);
    ASSERT_TRUE(db_);
    Import(*db_);
  }
  void TearDown() override {
    db_.reset();
    fs::remove_all(dir_);
  }
  std::unique_ptr<EventDb> Open(const std::string& path) {
    std::string err;
    auto db = EventDb::Open(path, &err);
    EXPECT_TRUE(db) << err;
    return db;
  }
  void Import(EventDb& db) {
    EventDb::UpsertCounts counts;
    std::string err;
    ASSERT_TRUE(db.UpsertAttendees({AcmePerson("A1", "Maya Okafor", "maya@example.org", {"urban beekeeping"}),
                                    AcmePerson("Z9", "Zoltan Kertesz", "zoltan.k@example.org", {"sailing", "jazz"}),
                                    AcmePerson("C3", "Chloé Martin", "chloe@example.org", {"jazz"})},
                                   &counts, &err))
        << err;
  }
  std::string Meet(EventDb& db, const std::string& a, const std::string& b, const std::string& note) {
    Encounter e;
    e.a_id = a, e.b_id = b, e.kiosk_id = "kiosk-1", e.note = note, e.shared = {"jazz"};
    e.starter = "Ask each other: where do you hear jazz?";
    std::string err;
    EXPECT_TRUE(db.SaveEncounter(&e, 0, &err)) << err;
    return e.id;
  }

  std::string dir_, path_;
  std::unique_ptr<EventDb> db_;
};

TEST_F(PrivacyTest, AForgottenPersonLeavesNoTraceButTheConversationStays) {
  std::string err;
  const std::string id = Meet(*db_, "A1", "Z9", "Zoltan sails in Split; ask about his boat");
  Meet(*db_, "C3", "Z9", "jazz in Lyon");
  Meet(*db_, "A1", "C3", "keep");
  ASSERT_TRUE(db_->RecordSuggestionsShown("A1", "kiosk-1", {{"Z9", "jazz"}}, &err)) << err;
  EventDb::SendEntry journal{"Z9", "zoltan.k@example.org", "<m@x>", "sent", 1, "250 ok", ""};
  ASSERT_TRUE(db_->PutSendEntry(&journal, &err)) << err;
  EventDb::ForgetCounts counts;
  ASSERT_TRUE(db_->Forget("Z9", &counts, &err)) << err;
  EXPECT_TRUE(counts.known);
  EXPECT_EQ(counts.encounters, 2);
  EXPECT_EQ(counts.suggestions, 1);
  db_.reset();
  const std::string all = EveryValue(path_);
  for (const char* trace : {"Zoltan", "zoltan.k@example.org", "Z9", "sails in Split", "sailing"})
    EXPECT_EQ(all.find(trace), std::string::npos) << trace << " is still in:\n" << all;
  const std::string file = Bytes(path_);
  EXPECT_EQ(file.find("Zoltan"), std::string::npos) << "freed pages are overwritten";
  EXPECT_EQ(Bytes(path_ + "-wal").find("Zoltan"), std::string::npos) << "and the write-ahead log emptied";
  db_ = Open(path_);
  // The people they met keep the conversation, without them.
  std::vector<Encounter> maya;
  ASSERT_TRUE(db_->EncountersOf("A1", &maya, &err)) << err;
  ASSERT_EQ(maya.size(), 2u);
  const auto it = std::find_if(maya.begin(), maya.end(), [&](const Encounter& e) { return e.id == id; });
  ASSERT_NE(it, maya.end());
  const std::string other = it->a_id == "A1" ? it->b_id : it->a_id;
  EXPECT_TRUE(IsForgottenId(other)) << other;
  EXPECT_TRUE(it->note.empty() && it->shared.empty() && it->starter.empty());
  EXPECT_LT(it->a_id, it->b_id) << "the pair stays in order";
  int64_t people = 0;
  ASSERT_TRUE(db_->CountAttendees(&people, &err));
  EXPECT_EQ(people, 2) << "the pseudonym is nobody to count";
  std::vector<Attendee> listed;
  ASSERT_TRUE(db_->LoadAttendees(&listed, &err));
  EXPECT_EQ(listed.size(), 2u);
  EXPECT_EQ(db_->IsForgotten("Z9", &err), Lookup::kFound);
  EXPECT_EQ(db_->IsForgotten("A1", &err), Lookup::kNotFound);
}

TEST_F(PrivacyTest, AnImportDoesNotBringThemBackUnlessTheOrganiserSaysSo) {
  std::string err;
  EventDb::ForgetCounts forgotten;
  ASSERT_TRUE(db_->Forget("Z9", &forgotten, &err)) << err;
  EventDb::UpsertCounts counts;
  ASSERT_TRUE(db_->UpsertAttendees({AcmePerson("Z9", "Zoltan Kertesz", "zoltan.k@example.org", {}),
                                    AcmePerson("N1", "New Person", "new@example.org", {})},
                                   &counts, &err))
      << err;
  EXPECT_EQ(counts.forgotten, 1);
  EXPECT_EQ(counts.inserted, 1);
  Attendee z;
  EXPECT_EQ(db_->FindAttendee("Z9", &z, &err), Lookup::kNotFound);
  db_->set_import_forgotten(true);
  ASSERT_TRUE(db_->UpsertAttendees({AcmePerson("Z9", "Zoltan Kertesz", "zoltan.k@example.org", {})}, &counts, &err));
  EXPECT_EQ(counts.forgotten, 0);
  EXPECT_EQ(db_->FindAttendee("Z9", &z, &err), Lookup::kFound);
  EXPECT_EQ(db_->IsForgotten("Z9", &err), Lookup::kNotFound) << "the request was taken back";
}

TEST_F(PrivacyTest, AnotherKiosksTombstoneForgetsThemHereWhenMerged) {
  std::string err;
  Meet(*db_, "A1", "Z9", "ask about his boat");
  const std::string other_path = dir_ + "/kiosk2.db";
  {
    auto other = Open(other_path);
    Import(*other);
    // The same event secret at both kiosks (a hub gives it to every kiosk).
    std::string secret, key;
    ASSERT_TRUE(db_->ForgetKey("anyone", &key, &err)) << err;
    ASSERT_EQ(db_->GetSetting("forget_secret", &secret, &err), Lookup::kFound);
    ASSERT_TRUE(other->SetForgetSecret(secret, &err)) << err;
    EventDb::ForgetCounts counts;
    ASSERT_TRUE(other->Forget("Z9", &counts, &err)) << err;
  }
  EventDb::MergeCounts merged;
  ASSERT_TRUE(db_->MergeFrom(other_path, &merged, &err)) << err;
  db_.reset();
  const std::string all = EveryValue(path_);
  EXPECT_EQ(all.find("Zoltan"), std::string::npos) << all;
  EXPECT_EQ(all.find("boat"), std::string::npos) << all;
}

TEST_F(PrivacyTest, ShreddingKeepsOnlyWhatNamesNobody) {
  std::string err;
  Meet(*db_, "A1", "Z9", "ask about his boat");
  Meet(*db_, "C3", "Z9", "jazz in Lyon");
  EventDb::PersonalData removed;
  ASSERT_TRUE(db_->Shred(&removed, &err)) << err;
  EXPECT_EQ(removed.attendees, 3);
  EXPECT_EQ(removed.encounters, 2);
  std::vector<std::tuple<std::string, std::string, int64_t>> summary;
  ASSERT_TRUE(db_->LoadSummary(&summary, &err)) << err;
  int64_t met = 0, jazz = 0;
  for (const auto& [kind, label, n] : summary) {
    if (kind == "encounters_per_hour") met += n;
    if (kind == "passion" && label == "jazz") jazz = n;
  }
  EXPECT_EQ(met, 2);
  EXPECT_EQ(jazz, 2) << "two people hold jazz";
  db_.reset();
  const std::string file = Bytes(path_);
  for (const char* trace : {"Maya", "maya@example.org", "Zoltan", "boat", "Chlo"})
    EXPECT_EQ(file.find(trace), std::string::npos) << trace << " survives in the file's bytes";
}

TEST(SealedFileTest, ABackupOpensOnlyWithTheOrganisersKeyAndOnlyWhole) {
  const test::TempDir tmp;
  const std::string dir = tmp.path();
  std::string err, pk, sk, pk2, sk2;
  ASSERT_TRUE(MakeOrganiserKeys(dir + "/keys", "correct horse battery", &err)) << err;
  EXPECT_FALSE(MakeOrganiserKeys(dir + "/keys", "correct horse battery", &err)) << "never overwrites keys";
  EXPECT_EQ(fs::status(dir + "/keys/" + kSecretKeyFile).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  ASSERT_TRUE(ReadPublicKey(dir + "/keys/" + kPublicKeyFile, &pk, &err)) << err;
  EXPECT_FALSE(ReadSecretKey(dir + "/keys/" + kSecretKeyFile, "wrong passphrase", &sk, &pk2, &err));
  EXPECT_NE(err.find("wrong passphrase"), std::string::npos) << err;
  ASSERT_TRUE(ReadSecretKey(dir + "/keys/" + kSecretKeyFile, "correct horse battery", &sk, &pk2, &err)) << err;
  EXPECT_EQ(pk, pk2);
  // Another organiser's key pair (the passphrase's slow hash, once per
  // read, is tested above: this one needs none).
  pk2.assign(crypto_box_PUBLICKEYBYTES, '\0');
  sk2.assign(crypto_box_SECRETKEYBYTES, '\0');
  crypto_box_keypair(reinterpret_cast<unsigned char*>(pk2.data()), reinterpret_cast<unsigned char*>(sk2.data()));

  // 200 KiB: several chunks, the last one short.
  std::string plain;
  for (int i = 0; plain.size() < 200 * 1024; ++i) plain += "Maya Okafor, maya@example.org, line " + std::to_string(i) + "\n";
  WriteFileAtomically(dir + "/event.db", plain, &err);
  ASSERT_TRUE(SealPath(dir + "/event.db", SealedKind::kDatabase, pk, dir + "/b.kindred-backup", &err)) << err;
  const std::string sealed = Bytes(dir + "/b.kindred-backup");
  EXPECT_EQ(sealed.find("Maya"), std::string::npos);
  SealedKind kind;
  ASSERT_TRUE(OpenSealed(dir + "/b.kindred-backup", pk, sk, dir + "/restored.db", &kind, &err)) << err;
  EXPECT_EQ(kind, SealedKind::kDatabase);
  EXPECT_EQ(Bytes(dir + "/restored.db"), plain);
  // Another organiser's key, a cut file, a changed byte: nothing written.
  EXPECT_FALSE(OpenSealed(dir + "/b.kindred-backup", pk2, sk2, dir + "/x.db", &kind, &err));
  EXPECT_NE(err.find("does not open"), std::string::npos) << err;
  std::string flipped = sealed;  // a changed byte, whatever it was (writing 0x01 there changed nothing 1 run in 256)
  flipped[flipped.size() / 2] ^= 0x01;
  for (const std::string& damaged : {sealed.substr(0, sealed.size() - 100), sealed.substr(0, sealed.size() / 2),
                                     flipped}) {
    WriteFileAtomically(dir + "/damaged", damaged, &err);
    EXPECT_FALSE(OpenSealed(dir + "/damaged", pk, sk, dir + "/x.db", &kind, &err));
    EXPECT_NE(err.find("damaged or cut short"), std::string::npos) << err;
    EXPECT_FALSE(fs::exists(dir + "/x.db")) << "nothing written";
  }
  // An export folder, packed and sealed.
  fs::create_directories(dir + "/export/attendees");
  WriteFileAtomically(dir + "/export/encounters.csv", "id,name\n1,Maya\n", &err);
  WriteFileAtomically(dir + "/export/attendees/A1.md", "# Maya\n", &err);
  ASSERT_TRUE(SealPath(dir + "/export", SealedKind::kExport, pk, dir + "/e.kindred-export", &err)) << err;
  ASSERT_TRUE(OpenSealed(dir + "/e.kindred-export", pk, sk, dir + "/opened", &kind, &err)) << err;
  EXPECT_EQ(kind, SealedKind::kExport);
  EXPECT_EQ(Bytes(dir + "/opened/attendees/A1.md"), "# Maya\n");
  EXPECT_EQ(Bytes(dir + "/opened/encounters.csv"), "id,name\n1,Maya\n");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kindred
