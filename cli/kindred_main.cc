// kindred: the organiser and diagnostics command line. Each family of
// commands adds itself (cli/commands.h); exit codes: cli/cli_common.h.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli/cli_common.h"
#include "cli/commands.h"

int main(int argc, char** argv) {
  using namespace kindred;
  CLI::App app{"kindred: set up a Kindred event, check badges, and export follow-ups."};
  app.require_subcommand(1);
  app.footer("Exit codes: 0 done, 1 failed (nothing saved was changed), 2 usage error, "
             "3 partly done (some roster lines rejected, some follow-ups not sent).");
  int exit_code = kUsage;
  AddEventCommands(app, &exit_code);
  AddFollowUpCommands(app, &exit_code);
  AddHubCommands(app, &exit_code);
  AddPrivacyCommands(app, &exit_code);
  AddWebCommands(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "kindred: %s (see 'kindred --help')\n", e.what());
    return kUsage;
  }
  return exit_code;
}
