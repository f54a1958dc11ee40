// Subscriptions and one-click against a real `faktura serve` (spec §8 Verify, §9 Recur, §20 tokens, §21):
// a payer verifies herself once on the hosted verify page, the merchant then bills her server to server
// with Recur payments, and a later purchase with her paymentToken opens a pre-filled page where she only
// confirms. Deleting a token (PATCH instrumentdata) ends both. Screenshots of the verify steps and of the
// pre-filled one-click steps stay in tests/browser/output/.
"use strict";

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { withPage, screenshot } = require("./support/browser");
const { getPayment, persons, uniqueReference } = require("./support/faktura");
const { submitConsumer } = require("./support/flow");
const { startWorld, stopWorld } = require("./support/world");

let world;
before(async () => { world = await startWorld(); });
after(async () => { await stopWorld(world); });

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const rels = (json) => (json.operations || []).map((o) => o.rel);

async function call(method, target, body) {
    return world.faktura.api.call(method, target, body);
}

async function authorizationList(id) {
    const response = await call("GET", `${id}/authorizations`);
    assert.equal(response.status, 200, response.text);
    return response.json.authorizations.authorizationList;
}

// Walks the hosted verify page as Azra through both steps to completeUrl and returns the payer's tokens
// as the merchant reads them from the payment afterwards.
async function verifyInBrowser(name, shots = false) {
    const created = await world.createPayment({ operation: "Verify", country: "SE", language: "sv-SE", generatePaymentToken: true });
    assert.match(created.redirectHref, /\/invoice\/payments\/verify\/[0-9a-f]{64}$/);
    await withPage(world.browser, name, async (page) => {
        const response = await page.goto(created.redirectHref);
        assert.equal(response.status(), 200);
        await page.waitForSelector("#ssnInput");
        assert.equal(await page.locator("#ssnInput-saved").count(), 0, "a first-time payer has no saved number");
        if (shots) await screenshot(page, `${name}-1-consumer`);

        await submitConsumer(page, persons.azra);
        const address = await page.textContent("#consumer-input");
        for (const part of ["Azra Oliveira", "Hel•••••••gen •", "1••92", "B•o"]) {
            assert.ok(address.includes(part), `address shows ${part}: ${address}`);
        }
        // A verification has no amount: the button only confirms.
        assert.equal((await page.textContent("#px-submit")).trim(), "Bekräfta");
        if (shots) await screenshot(page, `${name}-2-confirm`);

        await Promise.all([page.waitForURL(`${world.merchant.origin}/complete`), page.click("#px-submit")]);
        await page.waitForSelector("#merchant-landing");
        if (shots) await screenshot(page, `${name}-3-complete`);
    });
    const { payment } = await getPayment(world.faktura, created.id);
    assert.equal(payment.operation, "Verify");
    assert.match(payment.recurrenceToken || "", guid, `recurrenceToken on the payment: ${JSON.stringify(payment)}`);
    assert.match(payment.paymentToken || "", guid, `paymentToken on the payment: ${JSON.stringify(payment)}`);
    assert.notEqual(payment.paymentToken, payment.recurrenceToken);
    const verifications = await call("GET", `${created.id}/verifications`);
    assert.equal(verifications.status, 200, verifications.text);
    const list = verifications.json.verifications.verificationList;
    assert.deepEqual(list.map((v) => [v.transaction.type, v.transaction.state, v.transaction.amount]),
        [["Verification", "Completed", 0]]);
    return { verifyId: created.id, recurrenceToken: payment.recurrenceToken, paymentToken: payment.paymentToken };
}

// The payer verified in the first test; the later tests that need her reuse it (or verify her themselves
// when run alone).
let subscriber;
async function theSubscriber() {
    if (!subscriber) subscriber = await verifyInBrowser("subscription-verify", true);
    return subscriber;
}

function recur(recurrenceToken, amount, description = "Subscription") {
    return call("POST", "/psp/invoice/payments", {
        payment: {
            operation: "Recur",
            intent: "Authorization",
            recurrenceToken,
            currency: "SEK",
            amount,
            vatAmount: 0,
            description,
            userAgent: "Mozilla/5.0 Faktura browser tests",
            language: "sv-SE",
            urls: { callbackUrl: "http://127.0.0.1:9/callback" },
            payeeInfo: {
                payeeId: world.faktura.merchant.payeeId,
                payeeReference: uniqueReference(),
                payeeName: "Browser Test Shop",
            },
        },
    });
}

async function captureAll(id, amount, description) {
    const response = await call("POST", `${id}/captures`, {
        transaction: {
            activity: "FinancingConsumer",
            amount,
            vatAmount: 0,
            payeeReference: uniqueReference(),
            description,
            itemDescriptions: [{ amount, description: "Month" }],
            vatSummary: [{ amount, vatPercent: 0, vatAmount: 0 }],
        },
    });
    assert.equal(response.status, 201, response.text);
    assert.equal(response.json.capture.transaction.type, "Capture");
    assert.equal(response.json.capture.transaction.state, "Completed");
    assert.equal(response.json.capture.transaction.amount, amount);
    return response.json.capture;
}

function deleteToken(token, comment) {
    return call("PATCH", `/psp/invoice/payments/instrumentdata/${token}`, { state: "Deleted", comment });
}

test("subscription: verify on the hosted page, then three Recur payments captured into three invoices", async () => {
    const { recurrenceToken } = await theSubscriber();
    const amounts = [1500, 1500, 2500];
    const invoiceNumbers = [];
    for (const [index, amount] of amounts.entries()) {
        const created = await recur(recurrenceToken, amount, `Month ${index + 1}`);
        assert.equal(created.status, 201, created.text);
        const { payment } = created.json;
        assert.equal(payment.operation, "Recur");
        assert.equal(payment.state, "Ready");
        assert.equal(payment.amount, amount);
        assert.equal(payment.recurrenceToken, recurrenceToken);
        assert.deepEqual(rels(created.json), ["create-cancellation", "create-capture", "paid-payment"]);

        const authorizations = await authorizationList(payment.id);
        assert.deepEqual(authorizations.map((a) => [a.transaction.state, a.transaction.amount]), [["Completed", amount]]);

        const capture = await captureAll(payment.id, amount, `Month ${index + 1}`);
        assert.ok(capture.invoice?.invoiceNumber, `the capture names its invoice: ${JSON.stringify(capture)}`);
        invoiceNumbers.push(capture.invoice.invoiceNumber);

        const captured = await getPayment(world.faktura, payment.id);
        assert.equal(captured.payment.remainingCaptureAmount ?? 0, 0);
        assert.deepEqual(rels(captured).filter((rel) => rel.startsWith("create-")), ["create-reversal"]);
    }
    assert.equal(new Set(invoiceNumbers).size, 3, `three distinct invoices: ${invoiceNumbers}`);
});

test("a refused Recur is a Failed payment with a Failed authorization; the token still bills the next month", async () => {
    const { recurrenceToken } = await theSubscriber();
    const refused = await recur(recurrenceToken, 900403, "Refused month");
    assert.equal(refused.status, 201, refused.text);
    assert.equal(refused.json.payment.state, "Failed");
    assert.deepEqual(rels(refused.json), ["failed-payment"]);
    const failed = await authorizationList(refused.json.payment.id);
    assert.deepEqual(failed.map((a) => [a.transaction.state, a.transaction.amount]), [["Failed", 900403]]);
    const capture = await call("POST", `${refused.json.payment.id}/captures`, {
        transaction: {
            activity: "FinancingConsumer", amount: 100, vatAmount: 0, payeeReference: uniqueReference(),
            description: "Refused", itemDescriptions: [{ amount: 100, description: "x" }],
            vatSummary: [{ amount: 100, vatPercent: 0, vatAmount: 0 }],
        },
    });
    assert.equal(capture.status, 403, capture.text);

    const next = await recur(recurrenceToken, 1500, "Next month");
    assert.equal(next.status, 201, next.text);
    assert.equal(next.json.payment.state, "Ready");
    const completed = await authorizationList(next.json.payment.id);
    assert.deepEqual(completed.map((a) => a.transaction.state), ["Completed"]);
});

test("a deleted recurrence token: PATCH instrumentdata, then a Recur with it is a 400 naming RecurrenceToken", async () => {
    const { recurrenceToken } = await verifyInBrowser("subscription-verify-for-deletion");
    const earlier = await recur(recurrenceToken, 1500, "Before deletion");
    assert.equal(earlier.status, 201, earlier.text);

    const deleted = await deleteToken(recurrenceToken, "Subscription ended");
    assert.equal(deleted.status, 200, deleted.text);
    assert.equal(deleted.json.instrumentData.isDeleted, true);
    assert.equal(deleted.json.instrumentData.payeeId, world.faktura.merchant.payeeId);

    const refused = await recur(recurrenceToken, 1500, "After deletion");
    assert.equal(refused.status, 400, refused.text);
    assert.equal(refused.json.type, "https://api.payex.com/psp/errordetail/inputerror");
    assert.ok(refused.json.problems.some((p) => p.name === "RecurrenceToken"),
        `a problem names RecurrenceToken: ${refused.text}`);
    // The payment created before the deletion is not touched.
    assert.equal((await getPayment(world.faktura, earlier.json.payment.id)).payment.state, "Ready");
});

// Everything in the page that is not the payer's data (the page token, the payee reference, the payment
// id) is cut out before looking for her identity number, so a "1161" in a random token cannot trip it.
function payerPartOf(html, created) {
    const payment = created.response.payment;
    let text = html;
    for (const noise of [created.paymentToken, created.payeeReference, payment.id, String(payment.number)]) {
        if (noise) text = text.split(noise).join("");
    }
    return text;
}

let oneClickBeforeDeletion;

test("one-click: a payment with the paymentToken opens pre-filled, the payer only confirms, and is authorized", async () => {
    const { paymentToken } = await theSubscriber();
    const created = await world.createPayment({ country: "SE", language: "sv-SE", paymentToken });
    // Created now, opened in the next test after the token is deleted.
    oneClickBeforeDeletion = await world.createPayment({ country: "SE", language: "sv-SE", paymentToken });

    await withPage(world.browser, "subscription-one-click", async (page) => {
        const response = await page.goto(created.redirectHref);
        assert.equal(response.status(), 200);
        await page.waitForSelector("#ssnInput");
        assert.equal(await page.inputValue("#emailInput"), persons.azra.email);
        assert.match(await page.inputValue("#msisdnInput"), /739000001$/);
        assert.equal(await page.inputValue("#zipCodeInput"), persons.azra.zip);
        assert.equal(await page.inputValue("#ssnInput"), "", "the identity number is never rendered");
        const hint = (await page.textContent("#ssnInput-saved")).trim();
        assert.ok(hint.includes("600307-****"), `the hint shows the masked number: ${hint}`);
        assert.ok(await page.isVisible("#ssnInput-saved"));
        assert.equal(await page.getAttribute("#ssnInput", "aria-describedby"), "ssnInput-saved");
        assert.equal(await page.getAttribute("#ssnInput", "required"), null, "the field may stay empty");
        const html = payerPartOf(await page.content(), created);
        for (const secret of ["196003071161", "6003071161", "1161"]) {
            assert.ok(!html.includes(secret), `the page HTML does not contain ${secret}`);
        }
        await screenshot(page, "subscription-one-click-1-prefilled");

        // Nothing typed: the saved payer is used.
        await page.click("#px-submit");
        await page.waitForSelector("#consumer-input");
        const address = await page.textContent("#consumer-input");
        for (const part of ["Azra Oliveira", "Hel•••••••gen •", "1••92", "B•o"]) {
            assert.ok(address.includes(part), `address shows ${part}: ${address}`);
        }
        assert.equal((await page.textContent("#px-submit")).trim(), "Betala 100,00\u00A0kr");
        assert.ok(!payerPartOf(await page.content(), created).includes("1161"), "step 2 has no identity number either");
        await screenshot(page, "subscription-one-click-2-confirm");

        await Promise.all([page.waitForURL(`${world.merchant.origin}/complete`), page.click("#px-submit")]);
        await page.waitForSelector("#merchant-landing");
    });
    const authorizations = await authorizationList(created.id);
    assert.deepEqual(authorizations.map((a) => [a.transaction.state, a.transaction.amount]), [["Completed", 10000]]);
    const consumer = await call("GET", `${created.id}/consumer`);
    assert.equal(consumer.status, 200, consumer.text);
    assert.equal(consumer.json.consumer.socialSecurityNumber, "196003071161");
    assert.equal(consumer.json.consumer.email, persons.azra.email);
    assert.equal(consumer.json.consumer.msisdn, "+46739000001");
});

test("after the paymentToken is deleted, a page of a payment created with it shows no pre-fill", async () => {
    const { paymentToken } = await theSubscriber();
    const created = oneClickBeforeDeletion
        || await world.createPayment({ country: "SE", language: "sv-SE", paymentToken });
    const deleted = await deleteToken(paymentToken, "Payer asked to be forgotten");
    assert.equal(deleted.status, 200, deleted.text);
    assert.equal(deleted.json.instrumentData.isDeleted, true);

    await withPage(world.browser, "subscription-one-click-deleted", async (page) => {
        await page.goto(created.redirectHref);
        await page.waitForSelector("#ssnInput");
        assert.equal(await page.locator("#ssnInput-saved").count(), 0);
        for (const field of ["#ssnInput", "#emailInput", "#msisdnInput", "#zipCodeInput"]) {
            assert.equal(await page.inputValue(field), "", `${field} is empty`);
        }
        assert.notEqual(await page.getAttribute("#ssnInput", "required"), null, "the number is required again");
        assert.ok(!payerPartOf(await page.content(), created).includes("600307"), "no masked number either");
        await screenshot(page, "subscription-one-click-deleted");
        // And the payer can still pay by typing her data.
        await submitConsumer(page, persons.azra);
        await Promise.all([page.waitForURL(`${world.merchant.origin}/complete`), page.click("#px-submit")]);
    });
    assert.deepEqual((await authorizationList(created.id)).map((a) => a.transaction.state), ["Completed"]);
});
