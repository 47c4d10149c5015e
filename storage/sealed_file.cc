#include "storage/sealed_file.h"

#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <sstream>
#include <vector>

#include "common/file.h"
#include "common/hex.h"
#include "storage/event_db.h"

namespace kindred {

namespace fs = std::filesystem;

namespace {

constexpr char kMagic[] = "KINDRED-SEALED-1\n";
constexpr size_t kMagicLen = sizeof kMagic - 1;
constexpr size_t kChunk = 64 * 1024;
constexpr size_t kSealedKeyLen = crypto_box_SEALBYTES + crypto_secretstream_xchacha20poly1305_KEYBYTES;

struct FileCloser {
  void operator()(FILE* f) const {
    if (f) std::fclose(f);
  }
};
using File = std::unique_ptr<FILE, FileCloser>;

std::string Hex(const unsigned char* p, size_t n) { return ToHex(std::string(reinterpret_cast<const char*>(p), n)); }

// `hex` as exactly `want` bytes, or false.
bool Unhex(const std::string& hex, size_t want, std::string* out) {
  *out = FromHex(hex);
  return out->size() == want;
}

const unsigned char* U(const std::string& s) { return reinterpret_cast<const unsigned char*>(s.data()); }

// "key=value" lines of a key file.
std::string Field(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key + "=", 0) == 0) return line.substr(key.size() + 1);
  return "";
}

void PutU32(uint32_t v, unsigned char* p) {
  for (int i = 3; i >= 0; --i, v >>= 8) p[i] = static_cast<unsigned char>(v & 0xff);
}
uint32_t GetU32(const unsigned char* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

bool WriteAll(FILE* f, const void* p, size_t n) { return std::fwrite(p, 1, n, f) == n; }
bool ReadAll(FILE* f, void* p, size_t n) { return std::fread(p, 1, n, f) == n; }

// Packs the files below `dir` into the stream `out` (see the header).
bool Pack(const fs::path& dir, FILE* out, std::string* err) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_regular_file()) files.push_back(it->path());
  if (ec) {
    *err = "cannot read " + dir.string() + ": " + ec.message();
    return false;
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& p : files) {
    const std::string rel = fs::relative(p, dir).generic_string();
    std::string data;
    if (!ReadWholeFile(p.string(), &data, err)) return false;
    unsigned char head[4], size[8];
    PutU32(static_cast<uint32_t>(rel.size()), head);
    for (int i = 7; i >= 0; --i) size[7 - i] = static_cast<unsigned char>((uint64_t{data.size()} >> (8 * i)) & 0xff);
    if (!WriteAll(out, head, 4) || !WriteAll(out, rel.data(), rel.size()) || !WriteAll(out, size, 8) ||
        !WriteAll(out, data.data(), data.size())) {
      *err = std::string("cannot pack the export: ") + std::strerror(errno);
      return false;
    }
  }
  return true;
}

// Unpacks `packed` into `dir`; every path must stay inside it.
bool Unpack(const std::string& packed, const fs::path& dir, std::string* err) {
  size_t at = 0;
  auto need = [&](size_t n) { return at + n <= packed.size(); };
  std::error_code ec;
  fs::create_directories(dir, ec);
  while (at < packed.size()) {
    if (!need(4)) break;
    const uint32_t len = GetU32(U(packed) + at);
    at += 4;
    if (!need(len + 8)) break;
    const fs::path rel = fs::path(packed.substr(at, len)).lexically_normal();
    at += len;
    uint64_t size = 0;
    for (int i = 0; i < 8; ++i) size = (size << 8) | U(packed)[at + i];
    at += 8;
    if (rel.is_absolute() || rel.empty() || *rel.begin() == "..") {
      *err = "the export holds a path outside its folder: " + rel.string();
      return false;
    }
    if (!need(size)) break;
    fs::create_directories((dir / rel).parent_path(), ec);
    if (!WriteFileAtomically((dir / rel).string(), std::string_view(packed).substr(at, size), err, 0600))
      return false;
    at += size;
  }
  if (at != packed.size()) {
    *err = "the export inside is cut short";
    return false;
  }
  return true;
}

// The temporary file beside `path` that becomes it once complete.
std::string TempBeside(const std::string& path) { return path + ".part-" + std::to_string(getpid()); }

}  // namespace

bool MakeOrganiserKeys(const std::string& dir, const std::string& passphrase, std::string* err) {
  if (sodium_init() < 0) {
    *err = "libsodium cannot start";
    return false;
  }
  if (passphrase.size() < 8) {
    *err = "the passphrase must be at least 8 characters";
    return false;
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  const std::string pub_path = (fs::path(dir) / kPublicKeyFile).string();
  const std::string key_path = (fs::path(dir) / kSecretKeyFile).string();
  if (fs::exists(pub_path) || fs::exists(key_path)) {
    *err = "keys already exist in " + dir + "; keep them (backups made for them need them), or choose another folder";
    return false;
  }
  unsigned char pk[crypto_box_PUBLICKEYBYTES], sk[crypto_box_SECRETKEYBYTES];
  crypto_box_keypair(pk, sk);
  unsigned char salt[crypto_pwhash_SALTBYTES], nonce[crypto_secretbox_NONCEBYTES];
  unsigned char lock[crypto_secretbox_KEYBYTES];
  randombytes_buf(salt, sizeof salt);
  randombytes_buf(nonce, sizeof nonce);
  if (crypto_pwhash(lock, sizeof lock, passphrase.data(), passphrase.size(), salt,
                    crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    *err = "not enough memory to protect the key";
    return false;
  }
  unsigned char boxed[crypto_secretbox_MACBYTES + sizeof sk];
  crypto_secretbox_easy(boxed, sk, sizeof sk, nonce, lock);
  sodium_memzero(sk, sizeof sk);
  sodium_memzero(lock, sizeof lock);
  const std::string secret_text =
      "# Kindred organiser's secret key, locked with a passphrase. Keep it with the organiser, never on a kiosk.\n"
      "# kindred restore BACKUP --key THIS_FILE --to EVENT.db\n"
      "format=kindred-secret-key-1\nkdf=argon2id13-moderate\nsalt=" + Hex(salt, sizeof salt) +
      "\nnonce=" + Hex(nonce, sizeof nonce) + "\nbox=" + Hex(boxed, sizeof boxed) + "\npublic=" + Hex(pk, sizeof pk) +
      "\n";
  const std::string public_text =
      "# Kindred organiser's public key: kiosks seal backups and exports to it and cannot open them.\n"
      "format=kindred-public-key-1\npublic=" + Hex(pk, sizeof pk) + "\n";
  return WriteFileAtomically(key_path, secret_text, err, 0600) &&
         WriteFileAtomically(pub_path, public_text, err, 0644);
}

Lookup LoadOrganiserKey(EventDb& db, std::string* key, std::string* err) {
  std::string hex;
  const Lookup l = db.GetSetting(kOrganiserKeySetting, &hex, err);
  if (l != Lookup::kFound) return l;
  if (!Unhex(hex, crypto_box_PUBLICKEYBYTES, key)) {
    *err = "the event's organiser key is damaged; install it again (kindred keys --install)";
    return Lookup::kError;
  }
  return Lookup::kFound;
}

bool ReadPublicKey(const std::string& path, std::string* key, std::string* err) {
  std::string text;
  if (!ReadWholeFile(path, &text, err)) return false;
  if (Field(text, "format") != "kindred-public-key-1" ||
      !Unhex(Field(text, "public"), crypto_box_PUBLICKEYBYTES, key)) {
    *err = path + " is not a Kindred organiser's public key (kindred keys --out DIR makes one)";
    return false;
  }
  return true;
}

bool ReadSecretKey(const std::string& path, const std::string& passphrase, std::string* secret_key,
                   std::string* public_key, std::string* err) {
  if (sodium_init() < 0) {
    *err = "libsodium cannot start";
    return false;
  }
  std::string text, salt, nonce, box;
  if (!ReadWholeFile(path, &text, err)) return false;
  if (Field(text, "format") != "kindred-secret-key-1" ||
      !Unhex(Field(text, "salt"), crypto_pwhash_SALTBYTES, &salt) ||
      !Unhex(Field(text, "nonce"), crypto_secretbox_NONCEBYTES, &nonce) ||
      !Unhex(Field(text, "box"), crypto_secretbox_MACBYTES + crypto_box_SECRETKEYBYTES, &box) ||
      !Unhex(Field(text, "public"), crypto_box_PUBLICKEYBYTES, public_key)) {
    *err = path + " is not a Kindred organiser's secret key";
    return false;
  }
  unsigned char lock[crypto_secretbox_KEYBYTES];
  if (crypto_pwhash(lock, sizeof lock, passphrase.data(), passphrase.size(), U(salt),
                    crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    *err = "not enough memory to unlock the key";
    return false;
  }
  secret_key->assign(crypto_box_SECRETKEYBYTES, '\0');
  const int rc = crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(secret_key->data()), U(box), box.size(),
                                            U(nonce), lock);
  sodium_memzero(lock, sizeof lock);
  if (rc != 0) {
    *err = "wrong passphrase for " + path;
    return false;
  }
  return true;
}

bool SealPath(const std::string& from, SealedKind kind, const std::string& public_key, const std::string& to,
              std::string* err) {
  if (sodium_init() < 0) {
    *err = "libsodium cannot start";
    return false;
  }
  if (public_key.size() != crypto_box_PUBLICKEYBYTES) {
    *err = "not an organiser's public key";
    return false;
  }
  File in;
  std::string packed_path;
  if (kind == SealedKind::kExport) {
    packed_path = TempBeside(to) + ".pack";
    File packed(std::fopen(packed_path.c_str(), "w+b"));
    if (!packed || !Pack(from, packed.get(), err)) {
      if (err->empty()) *err = "cannot write " + packed_path + ": " + std::strerror(errno);
      unlink(packed_path.c_str());
      return false;
    }
    std::rewind(packed.get());
    in = std::move(packed);
  } else {
    in.reset(std::fopen(from.c_str(), "rb"));
  }
  if (!in) {
    *err = "cannot read " + from + ": " + std::strerror(errno);
    return false;
  }
  const std::string tmp = TempBeside(to);
  File out(std::fopen(tmp.c_str(), "wb"));
  if (!out) {
    *err = "cannot write " + to + ": " + std::strerror(errno);
    if (!packed_path.empty()) unlink(packed_path.c_str());
    return false;
  }
  unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
  crypto_secretstream_xchacha20poly1305_keygen(key);
  unsigned char sealed_key[kSealedKeyLen];
  crypto_box_seal(sealed_key, key, sizeof key, U(public_key));
  crypto_secretstream_xchacha20poly1305_state st;
  unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  crypto_secretstream_xchacha20poly1305_init_push(&st, header, key);
  sodium_memzero(key, sizeof key);
  const char kind_byte = kind == SealedKind::kDatabase ? 'd' : kind == SealedKind::kHubBackup ? 'h' : 'x';
  bool ok = WriteAll(out.get(), kMagic, kMagicLen) && WriteAll(out.get(), &kind_byte, 1) &&
            WriteAll(out.get(), sealed_key, sizeof sealed_key) && WriteAll(out.get(), header, sizeof header);
  std::vector<unsigned char> plain(kChunk), cipher(kChunk + crypto_secretstream_xchacha20poly1305_ABYTES);
  for (bool last = false; ok && !last;) {
    const size_t n = std::fread(plain.data(), 1, kChunk, in.get());
    if (std::ferror(in.get())) {
      ok = false;
      break;
    }
    last = n < kChunk && std::feof(in.get());
    if (n == kChunk) {  // exactly at the end? look ahead one byte
      const int c = std::fgetc(in.get());
      if (c == EOF) last = true;
      else std::ungetc(c, in.get());
    }
    unsigned long long clen = 0;
    crypto_secretstream_xchacha20poly1305_push(&st, cipher.data(), &clen, plain.data(), n, nullptr, 0,
                                               last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
    unsigned char len[4];
    PutU32(static_cast<uint32_t>(clen), len);
    ok = WriteAll(out.get(), len, 4) && WriteAll(out.get(), cipher.data(), clen);
  }
  sodium_memzero(plain.data(), plain.size());
  ok = ok && std::fflush(out.get()) == 0 && fsync(fileno(out.get())) == 0;
  out.reset();
  in.reset();
  if (!packed_path.empty()) unlink(packed_path.c_str());
  if (!ok || std::rename(tmp.c_str(), to.c_str()) != 0) {
    *err = "cannot write " + to + ": " + std::strerror(errno);
    unlink(tmp.c_str());
    return false;
  }
  return true;
}

bool OpenSealed(const std::string& from, const std::string& public_key, const std::string& secret_key,
                const std::string& to, SealedKind* kind, std::string* err) {
  if (sodium_init() < 0) {
    *err = "libsodium cannot start";
    return false;
  }
  const std::string damaged = from + " is damaged or cut short (nothing was written)";
  File in(std::fopen(from.c_str(), "rb"));
  if (!in) {
    *err = "cannot read " + from + ": " + std::strerror(errno);
    return false;
  }
  char magic[kMagicLen];
  char kind_byte = 0;
  unsigned char sealed_key[kSealedKeyLen], header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  if (!ReadAll(in.get(), magic, kMagicLen) || std::memcmp(magic, kMagic, kMagicLen) != 0) {
    *err = from + " is not a sealed Kindred backup or export";
    return false;
  }
  if (!ReadAll(in.get(), &kind_byte, 1) || (kind_byte != 'd' && kind_byte != 'x' && kind_byte != 'h') ||
      !ReadAll(in.get(), sealed_key, sizeof sealed_key) || !ReadAll(in.get(), header, sizeof header)) {
    *err = damaged;
    return false;
  }
  *kind = kind_byte == 'd' ? SealedKind::kDatabase : kind_byte == 'h' ? SealedKind::kHubBackup : SealedKind::kExport;
  const bool one_file = *kind != SealedKind::kExport;
  unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
  if (crypto_box_seal_open(key, sealed_key, sizeof sealed_key, U(public_key), U(secret_key)) != 0) {
    *err = "this key does not open " + from + " (it was sealed for another organiser's key), nothing was written";
    return false;
  }
  crypto_secretstream_xchacha20poly1305_state st;
  if (crypto_secretstream_xchacha20poly1305_init_pull(&st, header, key) != 0) {
    sodium_memzero(key, sizeof key);
    *err = damaged;
    return false;
  }
  sodium_memzero(key, sizeof key);
  const std::string target = one_file ? to : TempBeside(to) + ".pack";
  const std::string tmp = one_file ? TempBeside(to) : target;
  File out(std::fopen(tmp.c_str(), "wb"));
  if (!out) {
    *err = "cannot write " + to + ": " + std::strerror(errno);
    return false;
  }
  std::vector<unsigned char> cipher(kChunk + crypto_secretstream_xchacha20poly1305_ABYTES), plain(kChunk);
  bool ok = true, finished = false;
  while (ok && !finished) {
    unsigned char len[4];
    if (!ReadAll(in.get(), len, 4)) {
      ok = false;
      break;
    }
    const uint32_t n = GetU32(len);
    unsigned long long plen = 0;
    unsigned char tag = 0;
    ok = n <= cipher.size() && ReadAll(in.get(), cipher.data(), n) &&
         crypto_secretstream_xchacha20poly1305_pull(&st, plain.data(), &plen, &tag, cipher.data(), n, nullptr, 0) ==
             0 &&
         WriteAll(out.get(), plain.data(), plen);
    finished = ok && tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
  }
  ok = ok && std::fgetc(in.get()) == EOF;  // nothing after the end
  sodium_memzero(plain.data(), plain.size());
  ok = ok && std::fflush(out.get()) == 0 && fsync(fileno(out.get())) == 0;
  out.reset();
  if (!ok) {
    unlink(tmp.c_str());
    *err = damaged;
    return false;
  }
  if (one_file) {
    if (std::rename(tmp.c_str(), to.c_str()) != 0) {
      *err = "cannot write " + to + ": " + std::strerror(errno);
      unlink(tmp.c_str());
      return false;
    }
    return true;
  }
  std::string packed;
  ok = ReadWholeFile(tmp, &packed, err) && Unpack(packed, to, err);
  unlink(tmp.c_str());
  return ok;
}

}  // namespace kindred
