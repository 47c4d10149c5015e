// Personal data with an end, on the organiser's command line: forget one
// person, shred the event, the organiser's keys, sealed backups and their
// restore. Each returns the command's exit code (cli/cli_common.h).
#pragma once

#include <string>

#include "cli/hub_commands.h"

namespace kindred {

// kindred forget BADGE_ID (--db EVENT.db | --hub URL) [--yes]
int ForgetCommand(std::string db_path, const HubArgs& hub, const std::string& badge_id, bool yes);

// kindred shred (--db EVENT.db | --hub URL) [--yes] [--force] [--after DAYS]
int ShredCommand(std::string db_path, const HubArgs& hub, bool yes, bool force, int after_days);

// kindred keys --out DIR | --install PUBLIC_KEY --db EVENT.db
int KeysCommand(const std::string& out_dir, const std::string& install, const std::string& db_path);

// kindred backup --db EVENT.db --to PATH [--key PUBLIC_KEY]: sealed to the organiser's key.
int BackupCommand(const std::string& db_path, const std::string& to, const std::string& public_key_file);

// kindred restore BACKUP --key SECRET_KEY --to EVENT.db|DIR
int RestoreCommand(const std::string& backup, const std::string& secret_key_file, const std::string& to);

}  // namespace kindred
