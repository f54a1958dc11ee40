// Test helpers: write a PDF into the test output directory and run poppler-utils and zbar-tools on
// it. A missing tool fails the test with the package to install, never skips it.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace faktura::documents::testing_tools {

inline std::filesystem::path output_dir() {
    const std::filesystem::path dir = FAKTURA_DOCUMENTS_OUTPUT_DIR;
    std::filesystem::create_directories(dir);
    return dir;
}

struct CommandResult {
    int exit_code = -1;
    std::string out;
};

// Runs a shell command and returns its standard output and exit code.
inline CommandResult run(const std::string& command) {
    CommandResult result;
    FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
    if (pipe == nullptr) return result;
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
    const int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

// Runs a tool that must be installed; a missing one (exit 127) is a clear failure.
inline std::string run_tool(const std::string& command, std::string_view package) {
    const CommandResult result = run(command);
    EXPECT_NE(result.exit_code, 127) << "'" << command << "' is not installed: install " << package
                                     << " (tools/install-deps.sh)";
    EXPECT_EQ(result.exit_code, 0) << command;
    return result.out;
}

inline std::filesystem::path write_pdf(const std::string& name, const std::string& bytes) {
    const std::filesystem::path path = output_dir() / (name + ".pdf");
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

// pdftotext -layout, with U+00A0 (the thousands separator) read as a plain space.
inline std::string pdf_text(const std::filesystem::path& pdf) {
    std::string text = run_tool("pdftotext -layout '" + pdf.string() + "' -", "poppler-utils");
    for (std::size_t at = text.find("\u00a0"); at != std::string::npos;
         at = text.find("\u00a0", at)) {
        text.replace(at, 2, " ");
    }
    return text;
}

inline int pdf_pages(const std::filesystem::path& pdf) {
    const std::string info = run_tool("pdfinfo '" + pdf.string() + "'", "poppler-utils");
    const std::size_t at = info.find("Pages:");
    if (at == std::string::npos) return 0;
    return std::stoi(info.substr(at + 6));
}

// Every page as output/<name>-<page>.png at 60 dpi, for a person to look at.
inline void render_pages(const std::filesystem::path& pdf, const std::string& name) {
    run_tool("pdftoppm -r 60 -png '" + pdf.string() + "' '" + (output_dir() / name).string() + "'",
             "poppler-utils");
}

inline std::size_t count(std::string_view text, std::string_view what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string_view::npos;
         at = text.find(what, at + what.size())) {
        ++n;
    }
    return n;
}

}  // namespace faktura::documents::testing_tools
