// Payer actions shared by the redirect and seamless-view tests; `target` is a Page or a Frame.
"use strict";

async function fillConsumer(target, person) {
    await target.fill("#ssnInput", person.ssn);
    await target.fill("#emailInput", person.email);
    await target.fill("#msisdnInput", person.msisdn);
    await target.fill("#zipCodeInput", person.zip);
}

// Step 1 → step 2: submits the consumer form and waits for the confirmation step.
async function submitConsumer(target, person) {
    await target.waitForSelector("#ssnInput");
    await fillConsumer(target, person);
    await target.click("#px-submit");
    await target.waitForSelector("#consumer-input");
}

// "Cancel payment" asks first: opens the inline question, then presses "Yes, cancel the payment". The
// click that answers is returned unawaited, for Promise.all with a navigation.
async function openCancel(target) {
    await target.click("#px-cancel-open");
    await target.waitForSelector("#px-cancel", { state: "visible" });
}
async function cancelPayment(target) {
    await openCancel(target);
    return target.click("#px-cancel");
}

module.exports = { fillConsumer, submitConsumer, openCancel, cancelPayment };
