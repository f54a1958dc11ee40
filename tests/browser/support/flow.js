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

module.exports = { fillConsumer, submitConsumer };
