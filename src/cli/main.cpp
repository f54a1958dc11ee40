// The faktura executable: everything lives in cli/commands.cpp so that tests can link it.
#include "cli/commands.hpp"

int main(int argc, char** argv) { return faktura::cli::run(argc, argv); }
