#include "domain/time.hpp"

#include <chrono>
#include <cstdio>

namespace faktura::domain {
namespace {

struct Civil {
    int year;
    unsigned month;
    unsigned day;
    std::int64_t seconds_of_day;
    std::int64_t ticks_of_second;
};

Civil to_civil(Timestamp at) {
    // Floor division so that instants before 1970 still land on the right day.
    std::int64_t seconds = at.unix_100ns / ticks_per_second;
    std::int64_t ticks = at.unix_100ns % ticks_per_second;
    if (ticks < 0) {
        ticks += ticks_per_second;
        seconds -= 1;
    }
    std::int64_t days = seconds / 86400;
    std::int64_t seconds_of_day = seconds % 86400;
    if (seconds_of_day < 0) {
        seconds_of_day += 86400;
        days -= 1;
    }
    const std::chrono::year_month_day date{
        std::chrono::sys_days{std::chrono::days{static_cast<int>(days)}}};
    return Civil{static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                 static_cast<unsigned>(date.day()), seconds_of_day, ticks};
}

}  // namespace

std::string format_timestamp(Timestamp at) {
    const Civil c = to_civil(at);
    char text[40];
    const int length = std::snprintf(
        text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%07lldZ", c.year, c.month, c.day,
        static_cast<int>(c.seconds_of_day / 3600), static_cast<int>(c.seconds_of_day / 60 % 60),
        static_cast<int>(c.seconds_of_day % 60), static_cast<long long>(c.ticks_of_second));
    return std::string(text, static_cast<std::size_t>(length));
}

std::string format_date(Timestamp at) {
    const Civil c = to_civil(at);
    char text[16];
    const int length = std::snprintf(text, sizeof text, "%04d-%02u-%02u", c.year, c.month, c.day);
    return std::string(text, static_cast<std::size_t>(length));
}

}  // namespace faktura::domain
