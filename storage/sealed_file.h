// Backups and exports a lost USB stick does not give away: files sealed to
// the organiser's public key (libsodium), so a kiosk can write backups it
// cannot read. The organiser's secret key stays with the organiser, itself
// locked with a passphrase.
//
// A sealed file, byte by byte (all numbers big-endian):
//   "KINDRED-SEALED-1\n"              17 bytes, the format
//   kind                              1 byte: 'd' an event database, 'x' an export folder,
//                                     'h' a hub backup (pg_dump's custom format)
//   sealed file key                   80 bytes: crypto_box_seal (X25519, XSalsa20-Poly1305) of a
//                                     random 32-byte key to the organiser's public key
//   stream header                     24 bytes: crypto_secretstream_xchacha20poly1305
//   chunks                            each: 4-byte length N, then N bytes of the stream's message
//                                     (at most 64 KiB of plaintext); the last is tagged FINAL
// An export folder is first packed as a sequence of files, each:
//   4-byte path length, the relative path (UTF-8, '/' between folders),
//   8-byte size, the bytes.
// Any change to a byte, a missing end or a wrong key fails to open.
#pragma once

#include <string>

namespace kindred {

class EventDb;
enum class Lookup;

inline constexpr char kPublicKeyFile[] = "kindred-organiser.pub";
// The event database's setting that holds the organiser's public key (hex):
// its backups and the kiosk's exports are sealed to it.
inline constexpr char kOrganiserKeySetting[] = "organiser_public_key";

// The organiser's public key stored in `db` (32 bytes into *key).
Lookup LoadOrganiserKey(EventDb& db, std::string* key, std::string* err);
inline constexpr char kSecretKeyFile[] = "kindred-organiser.key";

// Makes the organiser's key pair in `dir` (created if missing): the public
// key (give it to the kiosks) and the secret key locked with `passphrase`
// (Argon2id; mode 0600). Refuses to overwrite either file.
bool MakeOrganiserKeys(const std::string& dir, const std::string& passphrase, std::string* err);

// Reads a public key file (32 bytes into *key).
bool ReadPublicKey(const std::string& path, std::string* key, std::string* err);
// Unlocks a secret key file with `passphrase`: *secret_key and *public_key.
bool ReadSecretKey(const std::string& path, const std::string& passphrase, std::string* secret_key,
                   std::string* public_key, std::string* err);

enum class SealedKind { kDatabase, kExport, kHubBackup };

// Seals the file (kDatabase, kHubBackup) or folder (kExport) at `from` to `public_key`
// into `to`, written whole or not at all.
bool SealPath(const std::string& from, SealedKind kind, const std::string& public_key, const std::string& to,
              std::string* err);

// Opens the sealed file `from` with the organiser's keys: a database is
// written to the file `to`, an export into the folder `to`. Nothing is
// written unless every byte checks out (a wrong key, a damaged or cut file:
// one line in *err); a hub backup is written to the file `to` as a
// database is. *kind says which it was.
bool OpenSealed(const std::string& from, const std::string& public_key, const std::string& secret_key,
                const std::string& to, SealedKind* kind, std::string* err);

}  // namespace kindred
