#pragma once
// CLI::App for headers that only name it. CLI11 2.1 defines eight validator objects
// (ExistingFile, PositiveNumber, ...) at namespace scope in its headers, so every translation
// unit that includes CLI11 constructs its own copies at start-up and destroys them at exit:
// ~6k instructions per unit on every kosmo run, whatever the command. A header that declares
// `add_..._flags(CLI::App&)` includes this; only the .cpp that adds the options includes CLI11.
namespace CLI {
class App;
}  // namespace CLI
