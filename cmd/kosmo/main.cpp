// kosmo: argv goes to the CLI layer; everything else lives under lib/.
#include "lib/cli/cli_app.h"

int main(int argc, char** argv) { return kosmo::cli::run(argc, argv); }
