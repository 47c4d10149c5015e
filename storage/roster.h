// Reads attendee rosters: CSV exports (RFC 4180, via libcsv) from Kindred's
// own template and from registration systems, mapped onto Attendee records.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/attendee.h"
#include "storage/event_db.h"

namespace kindred {

struct RosterRejection {
  int line = 0;        // 1-based line in the file where the record starts
  std::string reason;  // e.g. "no badge ID"
};

struct Roster {
  std::string format;  // which export it was read as: "kindred", "pretix", "eventbrite", "tito", "luma"
  std::string encoding;  // files: what the bytes were ("UTF-8", "UTF-16LE", "Windows-1252"...)
  std::vector<Attendee> attendees;
  std::vector<RosterRejection> rejected;
};

// Called now and then with how many bytes of `total` were parsed.
using RosterProgress = std::function<void(size_t done, size_t total)>;

// Parses a roster from CSV bytes. A UTF-8 BOM, CRLF line ends, quoted fields
// with commas and newlines, and ',' ';' or tab delimiters are all accepted.
// The export's format is recognised from its header row (pretix's "Order
// code", Eventbrite's "Barcode #", Tito's "Ticket Reference", Luma's
// "qr_code_url"; otherwise Kindred's template), or forced with `format`.
// Custom-question columns mentioning passions, interests, offers or
// "looking for" feed those lists. Bad records go to out->rejected with their
// line and reason; the rest are kept. Returns false and sets *err only when
// nothing can be read: no header, an unknown `format`, or no column for the
// badge ID or the name.
// With `sink`, each good attendee is handed to it as soon as it is read
// instead of being kept in out->attendees.
bool ParseRoster(std::string_view csv, Roster* out, std::string* err,
                 const RosterProgress& progress = nullptr, const std::string& format = "",
                 const std::function<void(Attendee&&)>& sink = nullptr);

// As ParseRoster, from a file as a spreadsheet saved it (DecodeSpreadsheetText).
bool ReadRosterFile(const std::string& path, Roster* out, std::string* err,
                    const RosterProgress& progress = nullptr, const std::string& format = "");

// Reads the roster at `path` (any encoding DecodeSpreadsheetText knows) and upserts it into `db` in one durable
// transaction, parsing on one thread while the other writes. Rejected lines
// are in out->rejected (out->attendees stays empty); *counts says how many
// were added and updated. Returns false and sets *err, with nothing
// imported, when the file cannot be read as a roster or the write fails.
// `prepare` (on the parsing thread) may complete each attendee before it is
// written (event/: their name's Latin spelling).
bool ImportRosterFile(const std::string& path, EventDb& db, Roster* out, EventDb::UpsertCounts* counts,
                      std::string* err, const RosterProgress& progress = nullptr,
                      const std::string& format = "", const std::function<void(Attendee*)>& prepare = nullptr);

// "pretix, eventbrite, tito, luma, kindred": the formats `format` may name.
std::string RosterFormatNames();

}  // namespace kindred
