// The strength meter on a static page (« Mon compte », changing the password): the same module the wizard's step
// imports through the circuit, started here by the page itself since no circuit runs.
import { attach } from "./password-strength.js";

attach("strength-meter");
