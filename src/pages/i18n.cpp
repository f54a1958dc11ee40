// The pages' texts in four languages, the language helpers of page_model.hpp and the amount format
// of the pay button. The spec gives some texts verbatim (§21.1: the English labels, the Swedish
// credit-refused text, the Norwegian generic failure); the rest are ours, written to match them.
#include "pages/i18n.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "pages/pages.hpp"

namespace faktura::pages {
namespace {

struct Entry {
    Message key;  // Checked against the position below, so a row cannot slip.
    std::string_view sv_se;
    std::string_view nb_no;
    std::string_view en_us;
    std::string_view fi_fi;
};

constexpr std::array entries{
    Entry{Message::document_title, "Faktura", "Faktura", "Invoice", "Lasku"},
    Entry{Message::brand_name, "Faktura från Swedbank Pay", "Faktura fra Swedbank Pay",
          "Invoice from Swedbank Pay", "Swedbank Payn lasku"},
    Entry{Message::language_switch_label, "Byt språk", "Bytt språk", "Switch language",
          "Vaihda kieltä"},
    // {days}: days_text() of the merchant's invoice due days.
    Entry{Message::info_heading, "Köp nu, betala inom {days}", "Kjøp nå, betal innen {days}",
          "Buy now, pay within {days}", "Osta nyt, maksa {days} kuluessa"},
    Entry{Message::info_emailed, "Fakturan skickas till dig via e-post",
          "Fakturaen sendes til deg på e-post", "Your invoice is e-mailed to you",
          "Lasku lähetetään sinulle sähköpostitse"},
    Entry{Message::info_learn_more, "Läs mer om faktura med Swedbank Pay",
          "Les mer om faktura med Swedbank Pay",
          "Learn more about paying by invoice with Swedbank Pay",
          "Lue lisää Swedbank Payn laskusta"},
    Entry{Message::info_details,
          "Du betalar fakturan inom {days} från köpet. Vi använder ditt personnummer för en "
          "kreditbedömning och för att hämta din adress från folkbokföringen.",
          "Du betaler fakturaen innen {days} etter kjøpet. Vi bruker fødselsnummeret ditt til en "
          "kredittvurdering og til å hente adressen din fra folkeregisteret.",
          "You pay the invoice within {days} of your purchase. We use your personal identity "
          "number for a credit assessment and to look up your address in the population register.",
          "Maksat laskun {days} kuluessa ostoksesta. Käytämme henkilötunnustasi "
          "luottopäätökseen ja osoitteesi hakemiseen väestötietojärjestelmästä."},
    Entry{Message::ssn_label, "Ditt personnummer", "Ditt fødselsnummer",
          "Your personal identity number", "Henkilötunnus"},
    Entry{Message::email_label, "Din e-postadress", "Din e-postadresse", "Your email",
          "Sähköposti"},
    Entry{Message::msisdn_label, "Ditt mobilnummer", "Ditt mobilnummer", "Your mobile number",
          "Puhelinnumero"},
    Entry{Message::zip_code_label, "Ditt postnummer", "Ditt postnummer", "Your zip code",
          "Postinumero"},
    Entry{Message::next_button, "Nästa", "Neste", "Next", "Seuraava"},
    Entry{Message::error_summary_heading, "Rätta följande uppgifter", "Rett opp følgende",
          "Please correct the following", "Korjaa seuraavat tiedot"},
    Entry{Message::ssn_required, "Ange ditt personnummer", "Skriv inn fødselsnummeret ditt",
          "Enter your personal identity number", "Anna henkilötunnuksesi"},
    Entry{Message::ssn_invalid, "Personnumret är inte giltigt. Skriv det som {format}.",
          "Fødselsnummeret er ikke gyldig. Skriv det som {format}.",
          "The personal identity number is not valid. Enter it as {format}.",
          "Henkilötunnus ei ole kelvollinen. Kirjoita se muodossa {format}."},
    Entry{Message::email_required, "Ange din e-postadress", "Skriv inn e-postadressen din",
          "Enter your email address", "Anna sähköpostiosoitteesi"},
    Entry{Message::email_invalid, "Ange en e-postadress som namn@exempel.se",
          "Skriv inn en e-postadresse som navn@eksempel.no",
          "Enter an email address like name@example.com",
          "Anna sähköpostiosoite muodossa nimi@esimerkki.fi"},
    Entry{Message::msisdn_required, "Ange ditt mobilnummer", "Skriv inn mobilnummeret ditt",
          "Enter your mobile number", "Anna puhelinnumerosi"},
    Entry{Message::msisdn_invalid,
          "Mobilnumret är inte giltigt. Skriv det som {local} eller {international}.",
          "Mobilnummeret er ikke gyldig. Skriv det som {local} eller {international}.",
          "The mobile number is not valid. Enter it as {local} or {international}.",
          "Puhelinnumero ei ole kelvollinen. Kirjoita se muodossa {local} tai {international}."},
    Entry{Message::zip_code_required, "Ange ditt postnummer", "Skriv inn postnummeret ditt",
          "Enter your zip code", "Anna postinumerosi"},
    Entry{Message::zip_code_invalid, "Postnumret ska ha {digits} siffror, till exempel {example}.",
          "Postnummeret skal ha {digits} siffer, for eksempel {example}.",
          "The zip code has {digits} digits, for example {example}.",
          "Postinumerossa on {digits} numeroa, esimerkiksi {example}."},
    Entry{Message::ssn_saved_label, "Sparat personnummer", "Lagret fødselsnummer",
          "Saved identity number", "Tallennettu henkilötunnus"},
    Entry{Message::ssn_saved_hint, "Lämna fältet tomt för att använda det, eller skriv ett annat.",
          "La feltet stå tomt for å bruke det, eller skriv inn et annet.",
          "Leave the field empty to use it, or type another.",
          "Jätä kenttä tyhjäksi käyttääksesi sitä, tai kirjoita toinen."},
    // Quotes as each language writes them: ”…” in Swedish and Finnish, «…» in Norwegian, “…” in
    // English. No genitive of the merchant's name ("AB:s", "Shops"): it is any text.
    Entry{Message::terms_sentence_pay,
          "Genom att trycka på ”Betala” godkänner jag {terms} för {payee} och bekräftar att jag "
          "har läst dem.",
          "Ved å trykke «Betal» godtar jeg {terms} til {payee} og bekrefter at jeg har lest dem.",
          "By pressing “Pay”, I accept the {terms} of {payee} and confirm that I have read them.",
          "Painamalla ”Maksa” hyväksyn kauppiaan {payee} {terms} ja vahvistan lukeneeni ne."},
    Entry{Message::terms_sentence_confirm,
          "Genom att trycka på ”Bekräfta” godkänner jag {terms} för {payee} och bekräftar att jag "
          "har läst dem.",
          "Ved å trykke «Bekreft» godtar jeg {terms} til {payee} og bekrefter at jeg har lest dem.",
          "By pressing “Confirm”, I accept the {terms} of {payee} and confirm that I have read "
          "them.",
          "Painamalla ”Vahvista” hyväksyn kauppiaan {payee} {terms} ja vahvistan lukeneeni ne."},
    Entry{Message::terms_sentence_pay_next,
          "När du trycker på ”Betala” i nästa steg godkänner du {terms} för {payee}.",
          "Når du trykker «Betal» i neste steg, godtar du {terms} til {payee}.",
          "When you press “Pay” on the next step, you accept the {terms} of {payee}.",
          "Kun painat seuraavassa vaiheessa ”Maksa”, hyväksyt kauppiaan {payee} {terms}."},
    Entry{Message::terms_sentence_confirm_next,
          "När du trycker på ”Bekräfta” i nästa steg godkänner du {terms} för {payee}.",
          "Når du trykker «Bekreft» i neste steg, godtar du {terms} til {payee}.",
          "When you press “Confirm” on the next step, you accept the {terms} of {payee}.",
          "Kun painat seuraavassa vaiheessa ”Vahvista”, hyväksyt kauppiaan {payee} {terms}."},
    Entry{Message::terms_link, "villkoren", "vilkårene", "terms and conditions", "käyttöehdot"},
    Entry{Message::cancel_payment, "Avbryt betalningen", "Avbryt betalingen", "Cancel payment",
          "Peruuta maksu"},
    Entry{Message::cancel_question, "Vill du avbryta betalningen? Ingen faktura skickas.",
          "Vil du avbryte betalingen? Ingen faktura blir sendt.",
          "Do you want to cancel the payment? No invoice will be sent.",
          "Haluatko peruuttaa maksun? Laskua ei lähetetä."},
    Entry{Message::cancel_confirm, "Ja, avbryt betalningen", "Ja, avbryt betalingen",
          "Yes, cancel the payment", "Kyllä, peruuta maksu"},
    Entry{Message::busy_consumer, "Hämtar din adress …", "Henter adressen din …",
          "Looking up your address…", "Haetaan osoitettasi…"},
    Entry{Message::busy_confirm, "Behandlar betalningen …", "Behandler betalingen …",
          "Processing the payment…", "Maksua käsitellään…"},
    Entry{Message::summary_label, "Din beställning", "Bestillingen din", "Your order",
          "Tilauksesi"},
    Entry{Message::summary_amount, "Att betala", "Å betale", "Total", "Maksettava"},
    Entry{Message::summary_due_label, "Betala senast", "Betal senest", "Pay by",
          "Maksa viimeistään"},
    Entry{Message::summary_due_value, "{date} (inom {days})", "{date} (innen {days})",
          "{date} (within {days})", "{date} ({days} kuluessa)"},
    Entry{Message::summary_sent_to, "Fakturan skickas till", "Fakturaen sendes til",
          "Invoice sent to", "Lasku lähetetään"},
    Entry{Message::summary_sent_by_post, "Adressen nedan, med post", "Adressen nedenfor, per post",
          "The address below, by post", "Alla olevaan osoitteeseen postitse"},
    Entry{Message::change_details, "Ändra uppgifter", "Endre opplysninger", "Change details",
          "Muuta tietoja"},
    Entry{Message::legal_address_heading, "Din folkbokföringsadress",
          "Din folkeregistrerte adresse", "Legal address", "Virallinen osoitteesi"},
    Entry{Message::confirm_button, "Bekräfta", "Bekreft", "Confirm", "Vahvista"},
    Entry{Message::manual_address_heading, "Din adress", "Din adresse", "Your address",
          "Osoitteesi"},
    Entry{Message::manual_address_intro,
          "Vi hittade inte din adress. Fyll i den så som den är registrerad.",
          "Vi fant ikke adressen din. Fyll den inn slik den er registrert.",
          "We could not find your address. Please enter it as it is registered.",
          "Emme löytäneet osoitettasi. Kirjoita se sellaisena kuin se on rekisteröity."},
    Entry{Message::addressee_label, "Namn", "Navn", "Name", "Nimi"},
    Entry{Message::street_address_label, "Gatuadress", "Gateadresse", "Street address",
          "Katuosoite"},
    Entry{Message::city_label, "Ort", "Poststed", "City", "Postitoimipaikka"},
    Entry{Message::addressee_required, "Ange ditt namn", "Skriv inn navnet ditt", "Enter your name",
          "Anna nimesi"},
    Entry{Message::street_address_required, "Ange din gatuadress", "Skriv inn gateadressen din",
          "Enter your street address", "Anna katuosoitteesi"},
    Entry{Message::city_required, "Ange din ort", "Skriv inn poststedet ditt", "Enter your city",
          "Anna postitoimipaikkasi"},
    Entry{Message::country_se, "Sverige", "Sverige", "Sweden", "Ruotsi"},
    Entry{Message::country_no, "Norge", "Norge", "Norway", "Norja"},
    Entry{Message::country_fi, "Finland", "Finland", "Finland", "Suomi"},
    Entry{Message::lookup_failed_title, "Vi hittade inte din adress", "Vi fant ikke adressen din",
          "We could not find your address", "Osoitettasi ei löytynyt"},
    Entry{Message::lookup_failed_text,
          "Kontrollera att ditt personnummer och ditt postnummer stämmer och försök igen.",
          "Kontroller at fødselsnummeret og postnummeret ditt er riktige, og prøv igjen.",
          "Check that your personal identity number and zip code are correct and try again.",
          "Tarkista, että henkilötunnuksesi ja postinumerosi ovat oikein, ja yritä uudelleen."},
    // The Swedish rows of the credit refusal are the spec's text (§21.1), split into its list.
    Entry{Message::credit_refused_title, "Din ansökan gick inte igenom",
          "Søknaden din gikk ikke gjennom", "Your application was not approved",
          "Hakemustasi ei hyväksytty"},
    Entry{Message::credit_refused_intro,
          "Tyvärr visade en kreditbedömning att vi inte kan erbjuda dig betalning i dagsläget. "
          "Det kan bero på att du:",
          "Dessverre viste en kredittvurdering at vi ikke kan tilby deg betaling nå. Det kan "
          "skyldes at du:",
          "Unfortunately, a credit assessment showed that we cannot offer you payment at this "
          "time. This may be because you:",
          "Valitettavasti luottopäätöksen perusteella emme voi tarjota sinulle maksua tällä "
          "hetkellä. Syy voi olla, että:"},
    Entry{Message::credit_refused_reason_under_18, "är under 18 år", "er under 18 år",
          "are under 18 years of age", "olet alle 18-vuotias"},
    Entry{Message::credit_refused_reason_guardian, "har en förvaltare", "har en verge",
          "have a legal guardian", "sinulle on määrätty edunvalvoja"},
    Entry{Message::credit_refused_reason_payment_remarks, "har aktiva betalningsanmärkningar",
          "har aktive betalingsanmerkninger", "have active payment remarks",
          "sinulla on maksuhäiriömerkintöjä"},
    Entry{Message::credit_refused_reason_unpaid_debts, "har öppna obetalda skulder hos oss",
          "har åpen ubetalt gjeld hos oss", "have open unpaid debts with us",
          "sinulla on avoimia maksamattomia velkoja meille"},
    Entry{Message::credit_refused_reason_blocked_accounts, "har spärrade konton",
          "har sperrede kontoer", "have blocked accounts", "sinulla on suljettuja tilejä"},
    Entry{Message::credit_refused_outro,
          "Du får gärna ansöka igen när inget av ovan stämmer in på dig.",
          "Du er velkommen til å søke igjen når ingenting av dette gjelder deg.",
          "You are welcome to apply again when none of the above applies to you.",
          "Voit hakea uudelleen, kun mikään edellä mainituista ei koske sinua."},
    // The Norwegian row is the spec's text (§21.1).
    Entry{Message::payment_failed_title, "Betalningen gick inte igenom",
          "Betalingen gikk ikke gjennom", "The payment did not go through", "Maksu ei onnistunut"},
    Entry{
        Message::payment_failed_text,
        "Betalningen misslyckades. Försök med ett annat betalsätt eller kontakta butiken om "
        "problemet kvarstår.",
        "Betalingen mislyktes. Vennligst prøv en annen betalingsmetode eller kontakt forhandleren "
        "om problemet fortsetter.",
        "The payment failed. Please try another payment method or contact the merchant if the "
        "problem persists.",
        "Maksu epäonnistui. Kokeile toista maksutapaa tai ota yhteyttä kauppiaaseen, jos ongelma "
        "jatkuu."},
    Entry{Message::attempts_left_one, "Du har 1 försök kvar.", "Du har 1 forsøk igjen.",
          "You have 1 attempt left.", "Sinulla on 1 yritys jäljellä."},
    Entry{Message::attempts_left_many, "Du har {count} försök kvar.",
          "Du har {count} forsøk igjen.", "You have {count} attempts left.",
          "Sinulla on {count} yritystä jäljellä."},
    Entry{Message::try_again, "Försök igen", "Prøv igjen", "Try again", "Yritä uudelleen"},
    Entry{Message::attempts_exhausted_title, "Betalning med faktura är inte möjlig",
          "Betaling med faktura er ikke mulig", "Payment by invoice is not possible",
          "Laskulla maksaminen ei ole mahdollista"},
    Entry{Message::attempts_exhausted_text,
          "Betalningen kunde inte genomföras och fler försök är inte tillåtna. Gå tillbaka till "
          "butiken och välj ett annat betalsätt.",
          "Betalingen kunne ikke gjennomføres, og flere forsøk er ikke tillatt. Gå tilbake til "
          "butikken og velg en annen betalingsmåte.",
          "The payment could not be completed and no more attempts are allowed. Return to the "
          "merchant to choose another payment method.",
          "Maksua ei voitu suorittaa, eikä uusia yrityksiä sallita. Palaa kauppaan ja valitse "
          "toinen maksutapa."},
    Entry{Message::provider_unavailable_text,
          "Tjänsten är tillfälligt otillgänglig. Försök igen om en stund.",
          "Tjenesten er midlertidig utilgjengelig. Prøv igjen om litt.",
          "The service is temporarily unavailable. Please try again in a moment.",
          "Palvelu ei ole tilapäisesti käytettävissä. Yritä hetken kuluttua uudelleen."},
    Entry{Message::form_expired_text,
          "Sidan har gått ut. Kontrollera dina uppgifter och försök igen.",
          "Siden er utløpt. Kontroller opplysningene dine og prøv igjen.",
          "This page has expired. Please check your details and try again.",
          "Sivu on vanhentunut. Tarkista tietosi ja yritä uudelleen."},
    Entry{Message::continue_to_merchant, "Fortsätt till butiken", "Fortsett til butikken",
          "Continue to the merchant", "Jatka kauppaan"},
    Entry{Message::back_to_merchant, "Tillbaka till butiken", "Tilbake til butikken",
          "Back to the merchant", "Palaa kauppaan"},
    Entry{Message::completed_heading, "Tack!", "Takk!", "Thank you!", "Kiitos!"},
    Entry{Message::completed_text,
          "Ditt köp är godkänt och fakturan skickas till dig. Fortsätt till butiken för att "
          "slutföra köpet.",
          "Kjøpet ditt er godkjent, og fakturaen sendes til deg. Fortsett til butikken for å "
          "fullføre kjøpet.",
          "Your purchase is approved and the invoice will be sent to you. Continue to the "
          "merchant to finish your purchase.",
          "Ostoksesi on hyväksytty, ja lasku lähetetään sinulle. Jatka kauppaan "
          "viimeistelläksesi ostoksen."},
    Entry{Message::verified_text,
          "Dina uppgifter är bekräftade. Fortsätt till butiken för att slutföra köpet.",
          "Opplysningene dine er bekreftet. Fortsett til butikken for å fullføre kjøpet.",
          "Your details are confirmed. Continue to the merchant to finish your purchase.",
          "Tietosi on vahvistettu. Jatka kauppaan viimeistelläksesi ostoksen."},
    Entry{Message::failed_heading, "Betalningen misslyckades", "Betalingen mislyktes",
          "The payment failed", "Maksu epäonnistui"},
    Entry{Message::failed_text,
          "Betalningen kunde inte genomföras. Välj ett annat betalsätt hos butiken.",
          "Betalingen kunne ikke gjennomføres. Velg en annen betalingsmetode hos butikken.",
          "The payment could not be completed. Please choose another payment method with the "
          "merchant.",
          "Maksua ei voitu suorittaa. Valitse kaupassa toinen maksutapa."},
    Entry{Message::aborted_heading, "Betalningen är avbruten", "Betalingen er avbrutt",
          "The payment was cancelled", "Maksu on peruttu"},
    Entry{Message::aborted_text, "Ingen faktura skickas.", "Ingen faktura blir sendt.",
          "No invoice will be sent.", "Laskua ei lähetetä."},
    Entry{Message::pending_heading, "Betalningen behandlas", "Betalingen behandles",
          "Your payment is being processed", "Maksuasi käsitellään"},
    Entry{Message::pending_text, "Du kan stänga den här sidan. Butiken meddelar dig resultatet.",
          "Du kan lukke denne siden. Butikken gir deg beskjed om resultatet.",
          "You can close this page. The merchant will let you know the result.",
          "Voit sulkea tämän sivun. Kauppias ilmoittaa sinulle tuloksesta."},
    Entry{Message::expired_heading, "Betalningslänken har gått ut", "Betalingslenken er utløpt",
          "This payment link has expired", "Maksulinkki on vanhentunut"},
    Entry{Message::expired_text, "Gå tillbaka till butiken och börja om.",
          "Gå tilbake til butikken og start på nytt.",
          "Please return to the merchant and start again.", "Palaa kauppaan ja aloita alusta."},
    Entry{Message::lookups_exhausted_heading, "Vi kunde inte verifiera din adress",
          "Vi kunne ikke bekrefte adressen din", "We could not verify your address",
          "Osoitettasi ei voitu vahvistaa"},
    Entry{Message::choose_other_method, "Välj ett annat betalsätt", "Velg en annen betalingsmåte",
          "Choose another payment method", "Valitse toinen maksutapa"},
    Entry{Message::lookups_exhausted_text,
          "Du kan inte betala med faktura den här gången. Gå tillbaka till butiken och välj ett "
          "annat betalsätt.",
          "Du kan ikke betale med faktura denne gangen. Gå tilbake til butikken og velg en annen "
          "betalingsmåte.",
          "You cannot pay by invoice this time. Please return to the merchant and choose another "
          "payment method.",
          "Et voi maksaa laskulla tällä kertaa. Palaa kauppaan ja valitse toinen maksutapa."},
    Entry{Message::not_found_heading, "Sidan hittades inte", "Siden ble ikke funnet",
          "Page not found", "Sivua ei löytynyt"},
    Entry{Message::not_found_text,
          "Betalningslänken är inte giltig. Kontrollera länken du fick från butiken.",
          "Betalingslenken er ikke gyldig. Kontroller lenken du fikk fra butikken.",
          "This payment link is not valid. Check the link you received from the merchant.",
          "Maksulinkki ei ole kelvollinen. Tarkista kauppiaalta saamasi linkki."},
    Entry{Message::host_not_allowed_heading, "Betalningen kan inte visas här",
          "Betalingen kan ikke vises her", "The payment cannot be shown here",
          "Maksua ei voi näyttää täällä"},
    Entry{Message::host_not_allowed_text,
          "Den här webbplatsen får inte visa betalningen. Kontakta butiken.",
          "Dette nettstedet har ikke lov til å vise betalingen. Kontakt butikken.",
          "This website is not allowed to show the payment. Please contact the merchant.",
          "Tämä verkkosivusto ei saa näyttää maksua. Ota yhteyttä kauppiaaseen."},
};

consteval bool keys_follow_the_enum() {
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (static_cast<std::size_t>(entries[i].key) != i) return false;
    }
    return true;
}
static_assert(entries.size() == static_cast<std::size_t>(Message::count),
              "every Message needs a row in the table");
static_assert(keys_follow_the_enum(), "rows must be in the order of the Message enum");

}  // namespace

std::string_view message_text(UiLanguage language, Message message) {
    const Entry& entry = entries.at(static_cast<std::size_t>(message));
    switch (language) {
        case UiLanguage::sv_se:
            return entry.sv_se;
        case UiLanguage::nb_no:
            return entry.nb_no;
        case UiLanguage::en_us:
            return entry.en_us;
        case UiLanguage::fi_fi:
            return entry.fi_fi;
    }
    return entry.en_us;  // Unreachable for a valid enumerator.
}

std::string_view language_name(UiLanguage language) {
    switch (language) {
        case UiLanguage::sv_se:
            return "Svenska";
        case UiLanguage::nb_no:
            return "Norsk";
        case UiLanguage::en_us:
            return "English";
        case UiLanguage::fi_fi:
            return "Suomi";
    }
    return "English";
}

FieldExamples field_examples(domain::Country country) {
    switch (country) {
        case domain::Country::se:
            return {"070-123 45 67", "+46 70 123 45 67", "5", "113 51"};
        case domain::Country::no:
            return {"912 34 567", "+47 912 34 567", "4", "0150"};
        case domain::Country::fi:
            return {"040 123 4567", "+358 40 123 4567", "5", "00100"};
    }
    return {"070-123 45 67", "+46 70 123 45 67", "5", "113 51"};
}

UiLanguage language_from_accept_language(std::string_view header) {
    // "sv-SE,sv;q=0.9,en;q=0.8": comma-separated ranges, each with an optional ";q=" weight.
    std::optional<UiLanguage> best;
    double best_q = 0.0;
    while (!header.empty()) {
        const std::size_t comma = header.find(',');
        std::string_view item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        const std::size_t semicolon = item.find(';');
        std::string_view range = item.substr(0, semicolon);
        double q = 1.0;
        if (semicolon != std::string_view::npos) {
            std::string_view params = item.substr(semicolon + 1);
            const std::size_t at = params.find("q=");
            if (at != std::string_view::npos) {
                q = 0.0;
                std::string_view number = params.substr(at + 2);
                // "0", "0.8", "1", "1.000": at most three decimals (RFC 9110 §12.4.2).
                double scale = 1.0;
                bool fraction = false;
                for (const char c : number) {
                    if (c == '.' && !fraction) {
                        fraction = true;
                    } else if (c >= '0' && c <= '9') {
                        if (fraction) {
                            scale /= 10.0;
                            q += (c - '0') * scale;
                        } else {
                            q = q * 10.0 + (c - '0');
                        }
                    } else {
                        break;
                    }
                }
            }
        }
        while (!range.empty() && (range.front() == ' ' || range.front() == '\t')) {
            range.remove_prefix(1);
        }
        while (!range.empty() && (range.back() == ' ' || range.back() == '\t')) {
            range.remove_suffix(1);
        }
        std::string primary;
        for (const char c : range.substr(0, range.find('-'))) {
            primary += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        }
        std::optional<UiLanguage> language;
        if (primary == "sv") language = UiLanguage::sv_se;
        if (primary == "nb" || primary == "no" || primary == "nn") language = UiLanguage::nb_no;
        if (primary == "fi") language = UiLanguage::fi_fi;
        if (primary == "en") language = UiLanguage::en_us;
        // The first of equal weights wins, as the header lists them in order of preference.
        if (language && q > 0.0 && (!best || q > best_q)) {
            best = language;
            best_q = q;
        }
    }
    return best.value_or(UiLanguage::en_us);
}

std::string_view identity_number_placeholder(domain::Country country, UiLanguage language) {
    // Year, month and day in the language's own letters: Swedish and Norwegian "ÅÅ" (år), Finnish
    // "PPKKVV" (päivä, kuukausi, vuosi); the digits after them stay "X".
    switch (country) {
        case domain::Country::se:
            return language == UiLanguage::sv_se ? "ÅÅMMDD-XXXX" : "YYMMDD-XXXX";
        case domain::Country::no:
            return language == UiLanguage::nb_no ? "DDMMÅÅXXXXX" : "DDMMYYXXXXX";
        case domain::Country::fi:
            switch (language) {
                case UiLanguage::fi_fi:
                    return "PPKKVV-XXXX";
                case UiLanguage::sv_se:
                case UiLanguage::nb_no:
                    return "DDMMÅÅ-XXXX";
                case UiLanguage::en_us:
                    return "DDMMYY-XXXX";
            }
    }
    return "";
}

std::string days_text(UiLanguage language, std::int32_t days) {
    const std::string number = std::to_string(days);
    const bool one = days == 1 || days == -1;
    switch (language) {
        case UiLanguage::sv_se:
            return number + (one ? " dag" : " dagar");
        case UiLanguage::nb_no:
            return number + (one ? " dag" : " dager");
        case UiLanguage::fi_fi:
            return number + " päivän";  // Genitive, the same for one and many: "1 päivän kuluessa".
        case UiLanguage::en_us:
            break;
    }
    return number + (one ? " day" : " days");
}

std::string format_date(UiLanguage language, domain::CivilDate date) {
    static constexpr std::array<std::string_view, 12> swedish{
        "januari", "februari", "mars",      "april",   "maj",      "juni",
        "juli",    "augusti",  "september", "oktober", "november", "december"};
    static constexpr std::array<std::string_view, 12> norwegian{
        "januar", "februar", "mars",      "april",   "mai",      "juni",
        "juli",   "august",  "september", "oktober", "november", "desember"};
    static constexpr std::array<std::string_view, 12> english{
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};
    const std::size_t month =
        date.month >= 1 && date.month <= 12 ? static_cast<std::size_t>(date.month - 1) : 0U;
    const std::string day = std::to_string(date.day);
    const std::string year = std::to_string(date.year);
    switch (language) {
        case UiLanguage::sv_se:
            return day + " " + std::string{swedish[month]} + " " + year;
        case UiLanguage::nb_no:
            return day + ". " + std::string{norwegian[month]} + " " + year;
        case UiLanguage::fi_fi:
            return day + "." + std::to_string(date.month) + "." + year;
        case UiLanguage::en_us:
            break;
    }
    return std::string{english[month]} + " " + day + ", " + year;
}

std::string fill_slots(std::string_view text,
                       std::initializer_list<std::pair<std::string_view, std::string_view>> slots) {
    std::string out;
    std::size_t at = 0;
    while (at < text.size()) {
        bool replaced = false;
        if (text[at] == '{') {
            for (const auto& [name, value] : slots) {
                if (text.substr(at, name.size()) == name) {
                    out += value;
                    at += name.size();
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced) out += text[at++];
    }
    return out;
}

std::string format_amount(UiLanguage language, domain::Amount amount) {
    switch (language) {
        case UiLanguage::en_us:
            return domain::format_minor_units(amount, ",", ".");
        case UiLanguage::sv_se:
        case UiLanguage::nb_no:
        case UiLanguage::fi_fi:
            return domain::format_minor_units(amount, "\u00A0", ",");
    }
    return domain::format_minor_units(amount, ",", ".");
}

// How each language writes each currency:
//   en-US: the ISO code before the amount for all three: "SEK 100.00", "NOK …", "EUR …".
//   sv-SE, nb-NO: "kr" after the amount for both crowns (as Swedes and Norwegians write both), "€"
//     for euro: "10,01 kr", "100,00 kr", "100,00 €".
//   fi-FI: "€" after the amount for euro, "kr" for the crowns: "100,00 €".
// U+00A0 NO-BREAK SPACE separates the amount and the unit, so a narrow button never wraps them
// apart; the spec's examples ("Betala 10,01 kr") read the same.
std::string format_money(UiLanguage language, domain::Amount amount, domain::Currency currency) {
    const std::string number = format_amount(language, amount);
    if (language == UiLanguage::en_us) {
        std::string_view code = "SEK";
        switch (currency) {
            case domain::Currency::sek:
                code = "SEK";
                break;
            case domain::Currency::nok:
                code = "NOK";
                break;
            case domain::Currency::eur:
                code = "EUR";
                break;
        }
        return std::string{code} + "\u00A0" + number;
    }
    const std::string_view unit = currency == domain::Currency::eur ? "€" : "kr";
    return number + "\u00A0" + std::string{unit};
}

std::string pay_button_text(UiLanguage language, domain::Amount amount, domain::Currency currency) {
    std::string_view verb = "Pay";
    switch (language) {
        case UiLanguage::sv_se:
            verb = "Betala";
            break;
        case UiLanguage::nb_no:
            verb = "Betal";
            break;
        case UiLanguage::fi_fi:
            verb = "Maksa";
            break;
        case UiLanguage::en_us:
            verb = "Pay";
            break;
    }
    return std::string{verb} + " " + format_money(language, amount, currency);
}

std::optional<UiLanguage> parse_ui_language(std::string_view tag) {
    // Tags compare case-insensitively (BCP 47); "_" is accepted too, as in "sv_SE" locale names.
    const auto equals = [tag](std::string_view expected) {
        if (tag.size() != expected.size()) return false;
        for (std::size_t i = 0; i < tag.size(); ++i) {
            char c = tag[i];
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            if (c == '_') c = '-';
            if (c != expected[i]) return false;
        }
        return true;
    };
    if (equals("sv-se")) return UiLanguage::sv_se;
    if (equals("nb-no")) return UiLanguage::nb_no;
    if (equals("en-us")) return UiLanguage::en_us;
    if (equals("fi-fi")) return UiLanguage::fi_fi;
    return std::nullopt;
}

std::string_view ui_language_tag(UiLanguage language) {
    switch (language) {
        case UiLanguage::sv_se:
            return "sv-SE";
        case UiLanguage::nb_no:
            return "nb-NO";
        case UiLanguage::en_us:
            return "en-US";
        case UiLanguage::fi_fi:
            return "fi-FI";
    }
    return "en-US";
}

UiLanguage initial_ui_language(domain::Language language, domain::Country country) {
    // The payment's language when its country offers it; otherwise the country's own language. The
    // API has no fi-FI (§6.1, C-15): a Finnish payment in sv-SE or en-US opens in that language,
    // one in nb-NO (not offered in Finland) in Finnish.
    UiLanguage wanted = UiLanguage::en_us;
    switch (language) {
        case domain::Language::sv_se:
            wanted = UiLanguage::sv_se;
            break;
        case domain::Language::nb_no:
            wanted = UiLanguage::nb_no;
            break;
        case domain::Language::en_us:
            wanted = UiLanguage::en_us;
            break;
    }
    const std::vector<UiLanguage> offered = offered_ui_languages(country);
    for (const UiLanguage candidate : offered) {
        if (candidate == wanted) return wanted;
    }
    return offered.front();
}

// The country's own language first, then English. Finland also offers Swedish, its second official
// language. Languages of other countries are not offered (a Norwegian payer gets no Swedish page).
std::vector<UiLanguage> offered_ui_languages(domain::Country country) {
    switch (country) {
        case domain::Country::se:
            return {UiLanguage::sv_se, UiLanguage::en_us};
        case domain::Country::no:
            return {UiLanguage::nb_no, UiLanguage::en_us};
        case domain::Country::fi:
            return {UiLanguage::fi_fi, UiLanguage::sv_se, UiLanguage::en_us};
    }
    return {UiLanguage::en_us};
}

}  // namespace faktura::pages
