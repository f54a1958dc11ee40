#include "documents/code128.hpp"

#include <zint.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace faktura::documents {
namespace {

struct SymbolDeleter {
    void operator()(zint_symbol* symbol) const { ZBarcode_Delete(symbol); }
};

// zint packs each row's modules eight to a byte, least significant bit first.
bool module_is_set(const zint_symbol& symbol, int row, int column) {
    const auto byte = symbol.encoded_data[row][column / 8];
    return ((byte >> (column % 8)) & 1) != 0;
}

}  // namespace

std::vector<bool> code128_modules(std::string_view data) {
    std::unique_ptr<zint_symbol, SymbolDeleter> symbol(ZBarcode_Create());
    if (!symbol) throw std::runtime_error("code128: out of memory");
    symbol->symbology = BARCODE_CODE128;
    symbol->input_mode = DATA_MODE;
    const int status =
        ZBarcode_Encode(symbol.get(), reinterpret_cast<const unsigned char*>(data.data()),
                        static_cast<int>(data.size()));
    if (status >= ZINT_ERROR) {
        throw std::runtime_error(std::string("code128: ") + symbol->errtxt);
    }
    if (symbol->rows != 1 || symbol->width <= 0) throw std::runtime_error("code128: no symbol");
    std::vector<bool> modules;
    modules.reserve(static_cast<std::size_t>(symbol->width));
    for (int column = 0; column < symbol->width; ++column) {
        modules.push_back(module_is_set(*symbol, 0, column));
    }
    return modules;
}

}  // namespace faktura::documents
