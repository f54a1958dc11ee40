/* Runs in every payer page (loaded with defer; the CSP allows no inline script). Embedded in the
 * seamless-view iframe it reports the page's height and events to the host page by postMessage, only to
 * the host origin the server checked (body data-px-host-origin). On the full page it only enhances:
 * everything works without it. */
(function (window, document) {
    "use strict";

    var MESSAGE_TYPE = "px.invoice";
    var body = document.body;
    if (!body) return;
    var data = body.dataset || {};
    var embedded = data.pxEmbedded === "1";
    var hostOrigin = data.pxHostOrigin;

    function post(eventName, payload) {
        if (!embedded || !hostOrigin || window.parent === window) return;
        window.parent.postMessage({ type: MESSAGE_TYPE, event: eventName, payload: payload }, hostOrigin);
    }

    // A form is posted once: a second click while the first request is on its way would create a second
    // authorization attempt. While any form is on its way, no other may be sent either (Cancel under a
    // running payment, defect 13), and the live region says what is happening. Buttons are disabled after
    // the event so that the submitted button's own name/value, if any, still goes with the post.
    var progress = document.getElementById("px-progress");
    var cancelDetails = document.getElementById("px-cancel-details");
    var busy = false;
    function guardDoubleSubmit(form) {
        form.addEventListener("submit", function (event) {
            if (busy) {
                event.preventDefault();
                return;
            }
            busy = true;
            var buttons = document.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]");
            window.setTimeout(function () {
                for (var i = 0; i < buttons.length; i++) {
                    buttons[i].disabled = true;
                    if (form.contains(buttons[i])) buttons[i].setAttribute("aria-busy", "true");
                }
                if (cancelDetails && !cancelDetails.contains(form)) {
                    cancelDetails.open = false;
                    cancelDetails.className += " px-disabled";
                    var summary = cancelDetails.querySelector("summary");
                    if (summary) summary.setAttribute("aria-disabled", "true");
                }
            }, 0);
            form.className += " px-busy";
            var text = form.getAttribute("data-px-busy");
            if (progress && text) progress.textContent = text;
        }, false);
    }
    // A closed Cancel stays closed while a payment is on its way.
    if (cancelDetails) {
        cancelDetails.addEventListener("click", function (event) {
            if (busy && event.target && event.target.tagName === "SUMMARY") event.preventDefault();
        }, false);
    }

    var forms = document.getElementsByTagName("form");
    for (var i = 0; i < forms.length; i++) guardDoubleSubmit(forms[i]);

    // Back from step 2 should land on step 1, filled in — not on step 2 again, which is what the
    // page's plain address shows once step 1 is stored. So step 1 puts its own address (…?step=consumer)
    // in the history in place of the one it was reached by (the plain link, or the post that answered
    // with it); reloading it then asks nothing before posting again, either (defect 3).
    var stepOneForm = document.getElementById("px-consumer-form");
    var stepUrl = stepOneForm && stepOneForm.getAttribute("data-px-step-url");
    if (stepUrl && window.history && window.history.replaceState && window.URL) {
        try {
            var wanted = new window.URL(stepUrl, window.location.href);
            if (wanted.href !== window.location.href) window.history.replaceState(null, "", wanted.href);
        } catch (ignored) {
            // Keep the address as it is.
        }
    }

    // The language switch on step 1 keeps what the payer has typed: instead of following the link
    // (which is what happens without JavaScript), the form goes to its own action with the link's
    // query and a marker; the server answers with the same form in the chosen language.
    var consumerForm = document.getElementById("px-consumer-form");
    var switchLinks = document.querySelectorAll(".px-language-switch a[href]");
    if (consumerForm && window.URL) {
        for (var s = 0; s < switchLinks.length; s++) {
            switchLinks[s].addEventListener("click", function (event) {
                if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
                    event.shiftKey || event.altKey) return;
                var target;
                try {
                    target = new window.URL(consumerForm.action, window.location.href);
                    target.search = new window.URL(this.href, window.location.href).search;
                } catch (ignored) {
                    return;  // Follow the link.
                }
                event.preventDefault();
                var marker = document.createElement("input");
                marker.type = "hidden";
                marker.name = "px-language-switch";
                marker.value = "1";
                consumerForm.appendChild(marker);
                consumerForm.action = target.href;
                consumerForm.submit();
            }, false);
        }
    }

    // After a field error the payer lands on the first field to correct.
    var invalid = document.querySelector("[aria-invalid=\"true\"]");
    if (invalid && invalid.focus) invalid.focus();

    if (!embedded) return;

    // Height of the content, not of the iframe viewport, so that the frame can shrink as well as grow.
    var lastHeight = -1;
    function reportHeight() {
        var rect = document.documentElement.getBoundingClientRect();
        var height = Math.ceil(Math.max(rect.height, body.getBoundingClientRect().height));
        if (height !== lastHeight && height > 0) {
            lastHeight = height;
            post("resize", { height: height });
        }
    }
    reportHeight();
    window.addEventListener("load", reportHeight, false);
    if (typeof window.ResizeObserver === "function") {
        new window.ResizeObserver(reportHeight).observe(body);
    } else {
        window.addEventListener("resize", reportHeight, false);
        if (typeof window.MutationObserver === "function") {
            new window.MutationObserver(reportHeight).observe(body, {
                childList: true, subtree: true, attributes: true, characterData: true
            });
        }
    }

    // A status page carries the event that tells the host page what happened.
    var eventElement = document.querySelector("[data-px-event]");
    if (eventElement) {
        var payload = {};
        try {
            payload = JSON.parse(eventElement.getAttribute("data-px-payload") || "{}");
        } catch (ignored) {
            payload = {};
        }
        post(eventElement.getAttribute("data-px-event"), payload);
    }

    // Inside the frame the merchant decides how terms open (onPaymentTermsOfService, default: new window).
    var terms = document.getElementById("px-terms");
    if (terms) {
        terms.addEventListener("click", function (event) {
            event.preventDefault();
            post("onPaymentTermsOfService", {
                origin: "merchant",
                openUrl: terms.getAttribute("data-px-terms-url") || terms.href
            });
        }, false);
    }

    var finalForm = document.querySelector("form[data-px-final]");
    if (finalForm) {
        finalForm.addEventListener("submit", function (event) {
            if (event.defaultPrevented) return;  // A repeated submit that guardDoubleSubmit stopped.
            post("onPaymentCreated", { id: data.pxPaymentId, instrument: "invoice" });
        }, false);
    }

    // Links that leave the payment (back to the merchant) leave the frame too.
    var continueLink = document.getElementById("px-continue");
    if (continueLink) continueLink.setAttribute("target", "_top");
})(window, document);
