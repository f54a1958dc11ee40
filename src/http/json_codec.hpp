// Wire JSON ↔ domain, as one include: decoding never throws on bad input (every problem becomes a
// problems[] entry naming the field, spec §24); encoding writes the recorded key orders and
// omission rules (§4.4, §4.5). The wire spellings of the domain's names live in wire_spelling.hpp.
#pragma once

#include "http/decode_payment.hpp"
#include "http/decode_transaction.hpp"
#include "http/encode_payer_data.hpp"
#include "http/encode_payment.hpp"
#include "http/encode_transaction.hpp"
#include "http/resource.hpp"
