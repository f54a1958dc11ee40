// The payer's pages in their details (issue 11, review defects 3 and 11–25): Back from step 2 lands on
// step 1 filled in; a failure box has its title and the attempts left; pending is a page of its own
// reached by POST-redirect-GET, with a way back to the shop; while paying, Cancel is closed and progress
// is announced; Cancel asks first, inline; invalid fields say the country's format; the Finnish address
// form has its summary and field messages; the 404 speaks the browser's language; no request for a
// missing favicon; status cards keep their padding; long Finnish words wrap at 320 px with 200 % text.
// axe-core runs on every state; screenshots land in tests/browser/output/.
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
const finnishUnknown = { ssn: "020202-123C", email: "matti@example.com", msisdn: "0501234567", zip: "90500" };

async function values(target) {
    const read = (id) => target.inputValue(`#${id}`);
    return {
        ssn: await read("ssnInput"), email: await read("emailInput"),
        msisdn: await read("msisdnInput"), zip: await read("zipCodeInput"),
    };
}

// The page never needs the network for something it does not have (a favicon, say).
function recordMissing(page) {
    const missing = [];
    page.on("response", (response) => {
        if (response.status() === 404) missing.push(response.url());
    });
    return missing;
}

const backCases = [
    { language: "sv-SE", change: "Ändra uppgifter", country: "Sverige" },
    { language: "en-US", change: "Change details", country: "Sweden" },
];
for (const c of backCases) {
    test(`${c.language}: Back from step 2 is step 1 filled in, Forward is step 2 again`, async () => {
        const created = await world.createPayment({ country: "SE", language: c.language });
        await withPage(world.browser, `back-${c.language}`, async (page) => {
            const missing = recordMissing(page);
            await page.goto(created.redirectHref);
            await submitConsumer(page, persons.azra);
            assert.match(await page.textContent("#consumer-input .px-address-lines"), new RegExp(`${c.country}$`));
            assert.equal((await page.textContent("#px-change-details")).trim(), c.change);
            await page.goBack();
            await page.waitForSelector("#ssnInput");
            assert.match(page.url(), /step=consumer/);
            // Filled in: from the store (as the server spells it) or as the browser restores what was
            // typed — either way nothing to type again.
            const back = await values(page);
            assert.ok(["19600307-1161", persons.azra.ssn].includes(back.ssn), back.ssn);
            assert.equal(back.email, persons.azra.email);
            assert.ok(["+46739000001", persons.azra.msisdn].includes(back.msisdn), back.msisdn);
            assert.equal(back.zip, "19792");
            await expectNoAxeViolations(page, `${c.language} back on step 1`);
            await screenshot(page, `${c.language}-desk-10-back-from-step2`);
            await page.goForward();
            await page.waitForSelector("#consumer-input");
            assert.deepEqual(missing, [], "no request the server answers with 404 (favicon included)");
        }, desktop);
    });
}

const failureCases = [
    { language: "sv-SE", title: "Betalningen gick inte igenom", left: ["Du har 2 försök kvar.", "Du har 1 försök kvar."] },
    { language: "en-US", title: "The payment did not go through", left: ["You have 2 attempts left.", "You have 1 attempt left."] },
];
for (const c of failureCases) {
    test(`${c.language}: a failed payment says so with a title and the attempts left, and Try again keeps the values`, async () => {
        const created = await world.createPayment({ country: "SE", language: c.language, amount: 900001 });
        await withPage(world.browser, `failed-attempts-${c.language}`, async (page) => {
            await page.goto(created.redirectHref);
            await submitConsumer(page, persons.azra);
            for (let attempt = 0; attempt < 2; attempt++) {
                await page.click("#px-submit");
                await page.waitForSelector(".px-error[role=alert]#px-error");
                assert.equal((await page.textContent("#px-error .px-error-title")).trim(), c.title);
                assert.equal((await page.textContent("#px-attempts-left")).trim(), c.left[attempt]);
                await expectNoAxeViolations(page, `failed attempt ${attempt + 1}`);
                await screenshot(page, `${c.language}-desk-11-failed-attempt${attempt + 1}`);
                await Promise.all([page.waitForURL(/step=consumer/), page.click("#px-try-again")]);
                assert.deepEqual(await values(page),
                    { ssn: "19600307-1161", email: persons.azra.email, msisdn: "+46739000001", zip: "19792" });
                await page.click("#px-submit");
                await page.waitForSelector("#consumer-input");
            }
            // The third failure is the last: the failure card, its way back, no attempts line.
            await page.click("#px-submit");
            await page.waitForSelector("main.px-status-failed");
            assert.equal(await page.locator("#px-attempts-left").count(), 0);
            await screenshot(page, `${c.language}-desk-12-final-failure`);
        }, desktop);
    });
}

const pendingCases = [
    { language: "sv-SE", heading: "Betalningen behandlas", back: "Tillbaka till butiken" },
    { language: "nb-NO", country: "NO", person: "olivia", heading: "Betalingen behandles", back: "Tilbake til butikken" },
];
for (const c of pendingCases) {
    for (const [device, options] of [["desk", desktop], ["mob", mobile]]) {
        test(`${c.language} ${device}: pending is reached by a redirect, has a way back, and a reload posts nothing`, async () => {
            const created = await world.createPayment({ country: c.country || "SE", language: c.language, amount: 900999 });
            await withPage(world.browser, `pending-${c.language}-${device}`, async (page) => {
                await page.goto(created.redirectHref);
                await submitConsumer(page, persons[c.person || "azra"]);
                const posts = [];
                page.on("request", (request) => { if (request.method() === "POST") posts.push(request.url()); });
                await page.click("#px-submit");
                await page.waitForSelector("main.px-status-pending");
                assert.equal(posts.length, 1);
                assert.doesNotMatch(page.url(), /\/confirm/, "the pending page is a GET of its own");
                assert.equal((await page.textContent(".px-status-heading")).trim(), c.heading);
                assert.equal((await page.textContent("#px-continue")).trim(), c.back);
                assert.equal(await page.getAttribute("#px-continue", "href"), `${world.merchant.origin}/complete`);
                await expectNoAxeViolations(page, `${c.language} pending`);
                await screenshot(page, `${c.language}-${device}-13-pending`);
                // The button keeps its distance from the card's edges (defect 12).
                const inset = await page.evaluate(() => {
                    const card = document.querySelector("main").getBoundingClientRect();
                    const button = document.getElementById("px-continue").getBoundingClientRect();
                    return Math.min(button.left - card.left, card.right - button.right);
                });
                assert.ok(inset >= 12, `the button is ${inset}px from the card's edge`);  // It was 0.
                await page.reload();
                await page.waitForSelector("main.px-status-pending");
                assert.equal(posts.length, 1, "the reload posted nothing");
            }, options);
        });
    }
}

const busyCases = [
    { language: "sv-SE", progress: "Behandlar betalningen …" },
    { language: "en-US", progress: "Processing the payment…" },
];
for (const c of busyCases) {
    test(`${c.language}: while the payment is on its way, Cancel is closed and progress is announced`, async () => {
        const created = await world.createPayment({ country: "SE", language: c.language });
        await withPage(world.browser, `busy-${c.language}`, async (page) => {
            await page.goto(created.redirectHref);
            await submitConsumer(page, persons.azra);
            await openCancel(page);  // Open beforehand: paying closes it.
            // The page as it is while the post is on its way: page.js has seen the submit, the browser
            // has not left (a listener after page.js's holds the navigation; the browser gives a page
            // with a navigation in flight no time to look at it).
            await page.evaluate(() => document.getElementById("px-confirm-form")
                .addEventListener("submit", (event) => event.preventDefault()));
            await page.click("#px-submit");
            await page.waitForFunction(() => document.getElementById("px-progress").textContent.length > 0);
            assert.equal((await page.textContent("#px-progress")).trim(), c.progress);
            assert.equal(await page.getAttribute("#px-progress", "role"), "status");
            assert.equal(await page.evaluate(() => document.getElementById("px-cancel-details").open), false);
            assert.equal(await page.getAttribute("#px-cancel-open", "aria-disabled"), "true");
            assert.ok(await page.isDisabled("#px-cancel"));
            assert.ok(await page.isDisabled("#px-submit"));
            await page.click("#px-cancel-open", { force: true });  // A click on the closed Cancel opens nothing.
            assert.equal(await page.evaluate(() => document.getElementById("px-cancel-details").open), false);
            await screenshot(page, `${c.language}-desk-14-paying`);
            // And on: the held post goes as the browser would have sent it.
            await Promise.all([page.waitForURL(`${world.merchant.origin}/complete`),
                page.evaluate(() => HTMLFormElement.prototype.submit.call(document.getElementById("px-confirm-form")))]);
        }, desktop);
    });
}

const cancelCases = [
    { language: "sv-SE", question: "Vill du avbryta betalningen? Ingen faktura skickas.", yes: "Ja, avbryt betalningen" },
    { language: "en-US", question: "Do you want to cancel the payment? No invoice will be sent.", yes: "Yes, cancel the payment" },
];
for (const c of cancelCases) {
    test(`${c.language}: Cancel asks first, inline, and only the answer cancels`, async () => {
        const created = await world.createPayment({ country: "SE", language: c.language });
        await withPage(world.browser, `cancel-asks-${c.language}`, async (page) => {
            await page.goto(created.redirectHref);
            assert.equal(await page.isVisible("#px-cancel"), false, "nothing cancels with one click");
            await openCancel(page);
            assert.equal((await page.textContent("#px-cancel-question")).trim(), c.question);
            assert.equal((await page.textContent("#px-cancel")).trim(), c.yes);
            await expectNoAxeViolations(page, `${c.language} cancel question`);
            await screenshot(page, `${c.language}-desk-15-cancel-question`);
            // Changing one's mind: the summary closes it again, and the form is still there.
            await page.click("#px-cancel-open");
            assert.equal(await page.isVisible("#px-cancel"), false);
            await openCancel(page);
            await Promise.all([page.waitForURL(`${world.merchant.origin}/cancel`), page.click("#px-cancel")]);
        }, desktop);
    });
}

const hintCases = [
    {
        language: "nb-NO", country: "NO", typed: { ssn: "01019012345", email: "ola@example.com", msisdn: "12", zip: "123" },
        msisdn: "Mobilnummeret er ikke gyldig. Skriv det som 912 34 567 eller +47 912 34 567.",
        zip: "Postnummeret skal ha 4 siffer, for eksempel 0150.",
        ssn: "Fødselsnummeret er ikke gyldig. Skriv det som DDMMÅÅXXXXX.",
    },
    {
        language: "fi-FI", country: "FI", typed: { ssn: "100584-451X", email: "kimmo@example.com", msisdn: "05", zip: "9050" },
        msisdn: "Puhelinnumero ei ole kelvollinen. Kirjoita se muodossa 040 123 4567 tai +358 40 123 4567.",
        zip: "Postinumerossa on 5 numeroa, esimerkiksi 00100.",
        ssn: "Henkilötunnus ei ole kelvollinen. Kirjoita se muodossa PPKKVV-XXXX.",
    },
];
for (const c of hintCases) {
    for (const [device, options] of [["desk", desktop], ["mob", mobile]]) {
        test(`${c.language} ${device}: invalid fields say the format the country expects`, async () => {
            // The API has no fi-FI (C-15): a Finnish payment in nb-NO opens in Finnish.
            const language = c.language === "fi-FI" ? "nb-NO" : c.language;
            const created = await world.createPayment({ country: c.country, language });
            await withPage(world.browser, `hints-${c.language}-${device}`, async (page) => {
                await page.goto(created.redirectHref);
                await fillConsumer(page, c.typed);
                await page.click("#px-submit");
                await page.waitForSelector("#px-error-summary");
                assert.equal((await page.textContent("#msisdnInput-error")).trim(), c.msisdn);
                assert.equal((await page.textContent("#zipCodeInput-error")).trim(), c.zip);
                assert.equal((await page.textContent("#ssnInput-error")).trim(), c.ssn);
                assert.deepEqual(await values(page), c.typed);
                // The message is nearer its input than its label (defect 17).
                const gaps = await page.evaluate(() => {
                    const label = document.querySelector("label[for=msisdnInput]").getBoundingClientRect();
                    const error = document.getElementById("msisdnInput-error").getBoundingClientRect();
                    const input = document.getElementById("msisdnInput").getBoundingClientRect();
                    return { above: error.top - label.bottom, below: input.top - error.bottom };
                });
                assert.ok(gaps.below <= gaps.above + 1, `gaps ${JSON.stringify(gaps)}`);
                assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
                await expectNoAxeViolations(page, `${c.language} field hints`);
                await screenshot(page, `${c.language}-${device}-16-field-hints`);
            }, options);
        });
    }
}

test("fi-FI: a payer the register does not know types the address, with a summary and field messages", async () => {
    const created = await world.createPayment({ country: "FI", language: "nb-NO" });
    await withPage(world.browser, "fi-address-entry", async (page) => {
        await page.goto(created.redirectHref);
        await fillConsumer(page, finnishUnknown);
        await page.click("#px-submit");
        await page.waitForSelector("#addresseeInput");
        assert.equal(await page.inputValue("#addressZipCodeInput"), "90500");
        await expectNoAxeViolations(page, "fi address entry");
        await screenshot(page, "fi-FI-desk-17-address-entry");
        await page.fill("#addressZipCodeInput", "905");
        await page.click("#px-submit");
        await page.waitForSelector("#px-error-summary");
        const items = await page.$$eval("#px-error-summary li", (list) => list.map((li) => li.textContent.trim()));
        assert.deepEqual(items, ["Anna nimesi", "Anna katuosoitteesi",
            "Postinumerossa on 5 numeroa, esimerkiksi 00100.", "Anna postitoimipaikkasi"]);
        assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), "addresseeInput");
        // The intro keeps its distance from the first label (defect 20).
        const gap = await page.evaluate(() => document.querySelector("label[for=addresseeInput]").getBoundingClientRect().top -
            document.querySelector(".px-address-intro").getBoundingClientRect().bottom);
        assert.ok(gap >= 8, `intro to label: ${gap}px`);
        await expectNoAxeViolations(page, "fi address entry errors");
        await screenshot(page, "fi-FI-desk-18-address-entry-errors");
    }, desktop);
});

test("fi-FI at 320 px with 200 % text: long words wrap, nothing is wider than the screen", async () => {
    const created = await world.createPayment({ country: "FI", language: "nb-NO" });
    await withPage(world.browser, "fi-320-text200", async (page) => {
        // The browser's own text size, as a payer sets it in the settings (16 px → 32 px): it moves
        // rem, em and the media queries written in them, unlike page zoom.
        const cdp = await page.context().newCDPSession(page);
        await cdp.send("Page.enable");
        await cdp.send("Page.setFontSizes", { fontSizes: { standard: 32, fixed: 26 } });
        await page.goto(created.redirectHref);
        assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize), "32px");
        await fillConsumer(page, { ssn: "1", email: "x", msisdn: "1", zip: "1" });
        await page.click("#px-submit");
        await page.waitForSelector("#px-error-summary");
        const widths = await page.evaluate(() => ({
            page: document.documentElement.scrollWidth, screen: window.innerWidth,
        }));
        assert.ok(widths.page <= widths.screen, `page ${widths.page}px on a ${widths.screen}px screen`);
        await screenshot(page, "fi-FI-320-19-text200-errors");
    }, { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true });
});

test("fi-FI: a Finnish shopper pays in Finnish from step 1 to the shop", async () => {
    const created = await world.createPayment({ country: "FI", language: "nb-NO", amount: 149900 });
    await withPage(world.browser, "fi-walk", async (page) => {
        await page.goto(created.redirectHref);
        assert.equal(await page.getAttribute("html", "lang"), "fi-FI");
        assert.equal((await page.textContent(".px-brand-name")).trim(), "Swedbank Payn lasku");
        assert.equal((await page.textContent("label[for=ssnInput]")).trim(), "Henkilötunnus");
        await expectNoAxeViolations(page, "fi step 1");
        await screenshot(page, "fi-FI-desk-20-step1");
        await submitConsumer(page, persons.kimmo);
        assert.equal((await page.textContent("#px-address-heading")).trim(), "Virallinen osoitteesi");
        assert.match(await page.textContent("#consumer-input .px-address-lines"), /Suomi$/);
        assert.equal((await page.textContent("#px-submit")).trim(), "Maksa 1\u00A0499,00\u00A0€");
        assert.match(await page.textContent(".px-terms"), /Painamalla ”Maksa” hyväksyn/);
        await expectNoAxeViolations(page, "fi step 2");
        await screenshot(page, "fi-FI-desk-21-step2");
        await Promise.all([page.waitForURL(`${world.merchant.origin}/complete`), page.click("#px-submit")]);
    }, desktop);
});

const notFoundCases = [
    { accept: "sv-SE,sv;q=0.9,en;q=0.8", lang: "sv-SE", title: "Sidan hittades inte – Faktura" },
    { accept: "fi-FI,fi;q=0.9", lang: "fi-FI", title: "Sivua ei löytynyt – Lasku" },
    { accept: "de-DE,de;q=0.9", lang: "en-US", title: "Page not found – Invoice" },
];
for (const c of notFoundCases) {
    test(`an unknown link answers 404 in the browser's language (${c.accept})`, async () => {
        await withPage(world.browser, `not-found-${c.lang}`, async (page) => {
            const response = await page.goto(`${world.faktura.origin}/invoice/payments/authorize/${"0".repeat(64)}`);
            assert.equal(response.status(), 404);
            assert.equal(await page.getAttribute("html", "lang"), c.lang);
            assert.equal(await page.title(), c.title);
            await expectNoAxeViolations(page, `404 ${c.lang}`);
            await screenshot(page, `${c.lang}-desk-22-not-found`);
        }, { ...desktop, locale: c.lang, extraHTTPHeaders: { "Accept-Language": c.accept } });
    });
}
