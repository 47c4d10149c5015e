// The `kindred` commands, each family in its own file: every Add*Commands
// adds its subcommands to the app, with a callback that runs the command
// and leaves its exit code (cli/cli_common.h) in *exit_code.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace kindred {

// import, scan, meet, suggest, badges, pin, merge, wipe (event_commands.cc)
void AddEventCommands(CLI::App& app, int* exit_code);
// export, send (followup_commands.cc)
void AddFollowUpCommands(CLI::App& app, int* exit_code);
// hub init/add-kiosk/add-organiser/revoke/join, status, sync (hub_commands.cc)
void AddHubCommands(CLI::App& app, int* exit_code);
// backup, restore, keys, forget, shred (privacy_commands.cc)
void AddPrivacyCommands(CLI::App& app, int* exit_code);
// serve, page-url (web_commands.cc)
void AddWebCommands(CLI::App& app, int* exit_code);

// The help text of --insecure-hub, the same on every command that has it.
inline constexpr const char* kInsecureHubHelp =
    "Accept a hub whose certificate is not verified (anyone on the network could pose as it)";

}  // namespace kindred
