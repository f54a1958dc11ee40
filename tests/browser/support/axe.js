// axe-core on a payer page or frame, injected through evaluate() so that the page's own CSP
// (script-src 'self') still applies to the page and is not loosened for the test. axe-core comes
// from npm (package.json); a missing one fails the check rather than skipping it.
"use strict";

const assert = require("node:assert/strict");

let axeSource;
function loadAxe() {
    if (axeSource === undefined) {
        axeSource = require("node:fs").readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
    }
    return axeSource;
}

// target: a Page or a Frame. Fails with the rule ids, impacts and targets of every violation.
async function expectNoAxeViolations(target, label) {
    const source = loadAxe();
    const injected = await target.evaluate(() => typeof window.axe === "object");
    if (!injected) await target.evaluate(source);
    const violations = await target.evaluate(async () => {
        const results = await window.axe.run(document, { resultTypes: ["violations"] });
        return results.violations.map((v) => ({
            id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(" ")),
        }));
    });
    assert.deepEqual(violations, [], `axe violations on ${label}: ${JSON.stringify(violations, null, 1)}`);
}

module.exports = { expectNoAxeViolations };
