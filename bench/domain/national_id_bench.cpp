// Measures the per-request validation work of the hosted page's step 1: identity number parsing,
// legal address lookup and masking, and payment reference generation.
#include <benchmark/benchmark.h>

#include "domain/masking.hpp"
#include "domain/national_id.hpp"
#include "domain/payment_reference.hpp"
#include "domain/person_registry.hpp"

namespace faktura::domain {
namespace {

constexpr CivilDate today{2024, 6, 15};

void parse_swedish_10_digit(benchmark::State& state) {
    for (auto _ : state)
        benchmark::DoNotOptimize(parse_national_id(Country::se, "600307-1161", today));
}
BENCHMARK(parse_swedish_10_digit);

void parse_finnish(benchmark::State& state) {
    for (auto _ : state)
        benchmark::DoNotOptimize(parse_national_id(Country::fi, "100584-451P", today));
}
BENCHMARK(parse_finnish);

void lookup_and_mask(benchmark::State& state) {
    const NationalId leia = parse_national_id(Country::se, "971020-2392", today).value();
    for (auto _ : state) {
        const LookupOutcome outcome = lookup_legal_address(leia, "17674");
        benchmark::DoNotOptimize(mask_address(*outcome.address));
    }
}
BENCHMARK(lookup_and_mask);

void finnish_payment_reference(benchmark::State& state) {
    for (auto _ : state) {
        benchmark::DoNotOptimize(
            make_payment_reference(Country::fi, 41100171205, KidAlgorithm::mod10));
    }
}
BENCHMARK(finnish_payment_reference);

}  // namespace
}  // namespace faktura::domain
