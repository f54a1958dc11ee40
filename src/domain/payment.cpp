#include "domain/payment.hpp"

namespace faktura::domain {

Country country_of(InvoiceType type) {
    switch (type) {
        case InvoiceType::payex_financing_se:
            return Country::se;
        case InvoiceType::payex_financing_no:
            return Country::no;
        case InvoiceType::payex_financing_fi:
            return Country::fi;
    }
    return Country::se;  // Unreachable: the switch covers every enumerator.
}

Currency currency_of(InvoiceType type) {
    switch (type) {
        case InvoiceType::payex_financing_se:
            return Currency::sek;
        case InvoiceType::payex_financing_no:
            return Currency::nok;
        case InvoiceType::payex_financing_fi:
            return Currency::eur;
    }
    return Currency::sek;  // Unreachable: the switch covers every enumerator.
}

}  // namespace faktura::domain
