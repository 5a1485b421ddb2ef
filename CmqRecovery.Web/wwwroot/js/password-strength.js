// The new-password step's strength meter, computed in the browser with zxcvbn-ts: typing sends nothing to the
// server. It is only a hint; the server scores the password once, at submit (PasswordPolicy), and that is the rule.
//
// The meter element (rendered by NewPasswordStep) carries everything as data attributes: the id of the field it
// describes, the fingerprinted URLs of the zxcvbn-ts scripts, and the label format and level words in the page's
// language. The live region is rewritten only when the level changes, after a pause in typing, so a screen reader
// hears "Strength: good" once rather than at every key.

const pauseMilliseconds = 300;
const scripts = new Map();
let zxcvbn = null;

function load(src) {
    if (!scripts.has(src)) {
        scripts.set(src, new Promise((resolve, reject) => {
            const script = document.createElement("script");
            script.src = src;
            script.async = false; // the language packs run after the core, in order
            script.onload = resolve;
            script.onerror = () => reject(new Error(`Could not load ${src}`));
            document.head.appendChild(script);
        }));
    }

    return scripts.get(src);
}

async function scorer(meter) {
    if (zxcvbn === null) {
        await Promise.all(meter.dataset.scripts.split(" ").map(load));
        const packs = window.zxcvbnts;
        const languages = Object.keys(packs).filter(name => name.startsWith("language-") && name !== "language-common");
        zxcvbn = new packs.core.ZxcvbnFactory({
            graphs: packs["language-common"].adjacencyGraphs,
            dictionary: Object.assign({}, packs["language-common"].dictionary, ...languages.map(name => packs[name].dictionary)),
        });
    }

    return zxcvbn;
}

function show(meter, score) {
    if (meter.dataset.score === String(score)) {
        return;
    }

    meter.dataset.score = String(score);
    const levels = meter.dataset.levels.split("|");
    meter.querySelector(".strength-text").textContent = meter.dataset.format.replace("{0}", levels[score]);
}

/** Wires the meter with id <paramref name="meterId"/> to its field; safe to call again after a re-render. */
export function attach(meterId) {
    const meter = document.getElementById(meterId);
    if (meter === null || meter.dataset.attached === "true") {
        return;
    }

    meter.dataset.attached = "true";
    let timer = 0;
    // Delegated from the document: the field element may be replaced by a re-render (e.g. "show passwords").
    const onInput = event => {
        const current = document.getElementById(meterId);
        if (current !== meter) {
            document.removeEventListener("input", onInput);
            return;
        }

        if (event.target.id !== meter.dataset.for) {
            return;
        }

        scoreSoon(event.target.value);
    };
    const scoreSoon = password => {
        clearTimeout(timer);
        timer = setTimeout(async () => {
            const score = password.length === 0 ? 0 : (await scorer(meter)).check(password).score;
            show(meter, score);
        }, pauseMilliseconds);
    };
    document.addEventListener("input", onInput);
    // Keys typed before this module arrived raised no event here: score what the field already holds.
    const typed = document.getElementById(meter.dataset.for)?.value ?? "";
    if (typed.length > 0) {
        scoreSoon(typed);
    }
    // Start fetching the dictionaries now, while the member reads the page.
    scorer(meter).catch(() => { meter.dataset.unavailable = "true"; });
}
