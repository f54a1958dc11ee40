// Every state of the payer's pages in all four languages, as a shopper sees them: step 1 (desktop and
// mobile), field errors, a failed lookup, step 2 (desktop and mobile), the Cancel question, a credit
// refusal, a failed attempt, pending, aborted, lookups exhausted and the unknown link. Each state is
// checked with axe-core and saved as tests/browser/output/gallery-<language>-<nn>-<state>.png, so one
// look at the folder shows the whole checkout in every language (issue 11, "Done when").
"use strict";

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { withPage, screenshot } = require("./support/browser");
const { expectNoAxeViolations } = require("./support/axe");
const { persons } = require("./support/faktura");
const { fillConsumer, submitConsumer, openCancel } = require("./support/flow");
const { startWorld, stopWorld } = require("./support/world");

let world;
before(async () => { world = await startWorld(); });
after(async () => { await stopWorld(world); });

const desktop = { viewport: { width: 1280, height: 800 } };
const mobile = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

// A Finnish payment cannot ask for fi-FI (C-15); one in nb-NO opens in Finnish.
const languages = [
    {
        language: "sv-SE", country: "SE", api: "sv-SE", person: persons.azra, unknown: persons.unknown,
        texts: { next: "Nästa", refused: "Din ansökan gick inte igenom", failed: "Betalningen gick inte igenom",
            pending: "Betalningen behandlas", aborted: "Betalningen är avbruten", exhausted: "Vi kunde inte verifiera din adress",
            notFound: "Sidan hittades inte", lookup: "Vi hittade inte din adress" },
    },
    {
        language: "nb-NO", country: "NO", api: "nb-NO", person: persons.olivia,
        unknown: { ssn: "01019010046", email: "kari@example.com", msisdn: "98765433", zip: "0150" },
        texts: { next: "Neste", refused: "Søknaden din gikk ikke gjennom", failed: "Betalingen gikk ikke gjennom",
            pending: "Betalingen behandles", aborted: "Betalingen er avbrutt", exhausted: "Vi kunne ikke bekrefte adressen din",
            notFound: "Siden ble ikke funnet", lookup: "Vi fant ikke adressen din" },
    },
    {
        language: "fi-FI", country: "FI", api: "nb-NO", person: persons.kimmo,
        unknown: { ...persons.kimmo, zip: "00100" },  // Known, at another zip code: the lookup fails.
        texts: { next: "Seuraava", refused: "Hakemustasi ei hyväksytty", failed: "Maksu ei onnistunut",
            pending: "Maksuasi käsitellään", aborted: "Maksu on peruttu", exhausted: "Osoitettasi ei voitu vahvistaa",
            notFound: "Sivua ei löytynyt", lookup: "Osoitettasi ei löytynyt" },
    },
    {
        language: "en-US", country: "SE", api: "en-US", person: persons.azra, unknown: persons.unknown,
        texts: { next: "Next", refused: "Your application was not approved", failed: "The payment did not go through",
            pending: "Your payment is being processed", aborted: "The payment was cancelled",
            exhausted: "We could not verify your address", notFound: "Page not found", lookup: "We could not find your address" },
    },
];

async function look(target, shotTarget, name, label) {
    await expectNoAxeViolations(target, label);
    await screenshot(shotTarget, name);
}

for (const l of languages) {
    const shot = (nn, state) => `gallery-${l.language}-${nn}-${state}`;
    const create = (options = {}) => world.createPayment({ country: l.country, language: l.api, amount: 149900, ...options });

    test(`${l.language}: step 1, field errors, a failed lookup, step 2 and the Cancel question`, async () => {
        const created = await create();
        for (const [device, options] of [["mob", mobile], ["desk", desktop]]) {
            await withPage(world.browser, `gallery-${l.language}-steps-${device}`, async (page) => {
                await page.goto(created.redirectHref);
                assert.equal(await page.getAttribute("html", "lang"), l.language);
                assert.equal((await page.textContent("#px-submit")).trim(), l.texts.next);
                await look(page, page, shot(device === "mob" ? "01m" : "01", `step1-${device}`), `${l.language} step 1`);
                if (device === "mob") return;
                await page.click("#px-submit");
                await page.waitForSelector("#px-error-summary");
                await look(page, page, shot("02", "field-errors"), `${l.language} field errors`);
                await fillConsumer(page, l.unknown);
                await page.click("#px-submit");
                await page.waitForSelector("#px-error .px-error-title");
                assert.equal((await page.textContent("#px-error .px-error-title")).trim(), l.texts.lookup);
                await look(page, page, shot("03", "lookup-failed"), `${l.language} lookup failed`);
                await fillConsumer(page, l.person);
                await page.click("#px-submit");
                await page.waitForSelector("#consumer-input");
                await look(page, page, shot("04", "step2"), `${l.language} step 2`);
                await openCancel(page);
                await look(page, page, shot("05", "cancel-question"), `${l.language} cancel question`);
            }, options);
        }
        await withPage(world.browser, `gallery-${l.language}-step2-mob`, async (page) => {
            await page.goto(created.redirectHref);
            await page.waitForSelector("#consumer-input");
            await look(page, page, shot("04m", "step2-mob"), `${l.language} step 2 mobile`);
        }, mobile);
    });

    test(`${l.language}: refusal, failed attempt, pending and aborted`, async () => {
        const cases = [
            { amount: 900403, nn: "06", state: "refused", heading: "#px-error .px-error-title", text: l.texts.refused },
            { amount: 900001, nn: "07", state: "failed-attempt", heading: "#px-error .px-error-title", text: l.texts.failed },
            { amount: 900999, nn: "08", state: "pending", heading: ".px-status-heading", text: l.texts.pending },
        ];
        for (const c of cases) {
            const created = await create({ amount: c.amount });
            await withPage(world.browser, `gallery-${l.language}-${c.state}`, async (page) => {
                await page.goto(created.redirectHref);
                await submitConsumer(page, l.person);
                await page.click("#px-submit");
                await page.waitForSelector(c.heading);
                assert.equal((await page.textContent(c.heading)).trim(), c.text);
                await look(page, page, shot(c.nn, c.state), `${l.language} ${c.state}`);
            }, desktop);
        }
        const aborted = await create();
        await withPage(world.browser, `gallery-${l.language}-aborted`, async (page) => {
            await page.goto(aborted.redirectHref);
            await openCancel(page);
            await Promise.all([page.waitForURL(`${world.merchant.origin}/cancel`), page.click("#px-cancel")]);
            await page.goto(aborted.redirectHref);
            assert.equal((await page.textContent(".px-status-heading")).trim(), l.texts.aborted);
            await look(page, page, shot("09", "aborted"), `${l.language} aborted`);
        }, desktop);
    });

    test(`${l.language}: lookups exhausted and the unknown link`, async () => {
        const created = await create();
        await withPage(world.browser, `gallery-${l.language}-exhausted`, async (page) => {
            await page.goto(created.redirectHref);
            for (let attempt = 1; attempt <= 5; attempt++) {
                await page.waitForSelector("#ssnInput");
                await fillConsumer(page, l.unknown);
                await page.click("#px-submit");
                if (attempt < 5) await page.waitForSelector("#px-error");
            }
            await page.waitForSelector("main.px-status-lookups-exhausted");
            assert.equal((await page.textContent(".px-status-heading")).trim(), l.texts.exhausted);
            await look(page, page, shot("10", "lookups-exhausted"), `${l.language} lookups exhausted`);
        }, mobile);
        await withPage(world.browser, `gallery-${l.language}-not-found`, async (page) => {
            const response = await page.goto(`${world.faktura.origin}/invoice/payments/authorize/${"f".repeat(64)}`);
            assert.equal(response.status(), 404);
            assert.equal((await page.textContent("h1")).trim(), l.texts.notFound);
            await look(page, page, shot("11", "not-found"), `${l.language} not found`);
        }, { ...desktop, extraHTTPHeaders: { "Accept-Language": `${l.language},en;q=0.5` } });
    });
}
